// Loaded into the black-box tests' child processes (`node --import`): a connection to any
// host but this machine's loopback ends the process with exit 99 and one line saying where
// it went. The tests give every command a local endpoint; a command that reached past it
// (to AWS, or the instance metadata address) would otherwise send traffic off the machine.
import net from 'node:net';

export const BLOCKED_EXIT = 99;
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost)$/i;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function loopbackOnly(...args) {
  // net.connect passes its normalised arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  // A local socket has a path and no port (an HTTP request's options carry its URL path too).
  const local = options.port === undefined && typeof options.path === 'string';
  const host = String(options.host ?? 'localhost');
  if (!local && !LOOPBACK.test(host)) {
    process.stderr.write(`loopback-only: blocked a connection to ${host}:${options.port}\n`);
    process.exit(BLOCKED_EXIT);
  }
  return connect.apply(this, args);
};
