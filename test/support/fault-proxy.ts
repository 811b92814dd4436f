import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy on loopback in front of the moto server that fails the EC2 query actions a test
 * names (an EC2-style 503 XML error) and forwards everything else untouched: a write that
 * fails on the wire, as AWS fails it. The SDK reaches it through `AWS_ENDPOINT_URL_EC2`.
 */
export type FaultProxy = Readonly<{
  url: string;
  /** Fail these actions (`CreateVpcEndpoint` …) until `heal()`. */
  fail(...actions: string[]): void;
  heal(): void;
  /** How many requests each failed action got. */
  failures: ReadonlyMap<string, number>;
  close(): Promise<void>;
}>;

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const failing = new Set<string>();
  const failures = new Map<string, number>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = new URLSearchParams(body.toString('utf8')).get('Action') ?? '';
      if (failing.has(action)) {
        failures.set(action, (failures.get(action) ?? 0) + 1);
        res.writeHead(503, { 'content-type': 'text/xml' });
        res.end(
          `<Response><Errors><Error><Code>ServiceUnavailable</Code><Message>injected by the test</Message></Error></Errors><RequestID>test</RequestID></Response>`,
        );
        return;
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fail: (...actions) => {
      for (const a of actions) failing.add(a);
    },
    heal: () => failing.clear(),
    failures,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
