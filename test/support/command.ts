import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository's root, from this file's own location. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The installed command, as `npm` links it: `node bin/ecs-pullfix.js`. */
export const BIN = join(ROOT, 'bin', 'ecs-pullfix.js');

/** Preloaded into every run: a connection off loopback ends the command with exit 99 (see the file). */
const LOOPBACK_ONLY = pathToFileURL(join(ROOT, 'test', 'support', 'loopback-only.mjs')).href;

export type Run = Readonly<{ code: number | null; stdout: string; stderr: string }>;

export type RunOptions = Readonly<{
  /** The variables the test sets, on top of `PATH`, `HOME` and `AWS_EC2_METADATA_DISABLED`. */
  env?: Readonly<Record<string, string>>;
  /** `HOME`: a new empty folder unless given (see {@link homeWith}). */
  home?: string;
  /** Written to standard input, which is then closed; closed at once when absent. */
  stdin?: string;
  /** The command is killed after this long, and the test fails saying so. */
  timeoutMs?: number;
  /** The command to run, `bin/ecs-pullfix.js` unless given (a copy elsewhere, say). */
  bin?: string;
}>;

/**
 * Runs the real command, `node bin/ecs-pullfix.js ARGS`, as a child process with an explicit,
 * minimal environment: `PATH`, a temporary `HOME`, `AWS_EC2_METADATA_DISABLED=true` (so that
 * the SDK's credential chain never tries the instance metadata address: no traffic leaves
 * loopback), and what the test sets. Nothing of the developer's own environment (`AWS_*`,
 * `ECS_PULLFIX_*`, `NODE_OPTIONS`, vitest's variables) reaches it. A preloaded guard ends it with exit 99
 * if it ever connects to anything but loopback. Resolves to the exit code and everything printed.
 */
export function runCommand(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: options.home ?? emptyHome(),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', LOOPBACK_ONLY, options.bin ?? BIN, ...args], {
      cwd: env.HOME,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const text = () => ({
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(err).toString('utf8'),
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const { stdout, stderr } = text();
      reject(
        new Error(
          `ecs-pullfix ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ...text() });
    });
    // A command that reads standard input must see its end, never wait for a terminal.
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin ?? '');
  });
}

/** A new, empty home folder: no `~/.aws`, nothing of the developer's. */
export function emptyHome(): string {
  return mkdtempSync(join(tmpdir(), 'pullfix-home-'));
}

/** A new home folder holding `~/.aws/config` and `~/.aws/credentials` with the given text. */
export function homeWith(files: Readonly<{ config?: string; credentials?: string }>): string {
  const home = emptyHome();
  mkdirSync(join(home, '.aws'));
  if (files.config !== undefined) writeFileSync(join(home, '.aws', 'config'), files.config);
  if (files.credentials !== undefined) writeFileSync(join(home, '.aws', 'credentials'), files.credentials);
  return home;
}

/** A file in a new temporary folder; returns its path. */
export function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pullfix-file-')), name);
  writeFileSync(file, text);
  return file;
}

/** The lines of a stream's text, the final newline not counted. */
export const linesOf = (text: string): readonly string[] => text.replace(/\n$/, '').split('\n');

export type DenyingEndpoint = Readonly<{
  url: string;
  /** The operations asked for so far (`ecs:DescribeServices`, `ec2:DescribeSubnets` …). */
  requests: readonly string[];
  close(): Promise<void>;
}>;

/**
 * An AWS endpoint on 127.0.0.1 that denies every request, as AWS does for credentials without
 * the permission: 403 `AccessDeniedException` in the JSON protocols (ECS, ECR, Secrets Manager,
 * SSM, DynamoDB), `UnauthorizedOperation` in EC2's XML and `AccessDenied` in the other query
 * protocols (IAM, SNS, STS). A denial is not retried by the SDK, so the command's answer is
 * immediate and deterministic.
 */
export async function startDenyingEndpoint(): Promise<DenyingEndpoint> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string') {
        const [prefix = '', action = ''] = target.split('.');
        const service = /ContainerService/i.test(prefix) ? 'ecs' : prefix.toLowerCase().replace(/_\d+$/, '');
        requests.push(`${service}:${action}`);
        const message = `User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ${service}:${action}`;
        res.writeHead(403, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-errortype': 'AccessDeniedException',
        });
        res.end(JSON.stringify({ __type: 'AccessDeniedException', message }));
        return;
      }
      const form = new URLSearchParams(body);
      const action = form.get('Action') ?? 'Unknown';
      const ec2 = form.get('Version') === '2016-11-15';
      requests.push(`${ec2 ? 'ec2' : 'query'}:${action}`);
      const message = `You are not authorized to perform this operation. (${action})`;
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end(
        ec2
          ? `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>${message}</Message></Error></Errors><RequestID>deny</RequestID></Response>`
          : `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${message}</Message></Error><RequestId>deny</RequestId></ErrorResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
