import { type ClientRequest, createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy on loopback in front of the moto server that fails the EC2 query actions a test
 * names (an EC2-style 503 XML error) and forwards everything else untouched: a write that
 * fails on the wire, as AWS fails it. It can also lose an answer: forward the request (the
 * write is made), then answer 500 or drop the connection in place of what moto said, as a
 * proxy or a network that fails on the way back does. The SDK reaches it through
 * `AWS_ENDPOINT_URL_EC2`.
 */
export type FaultProxy = Readonly<{
  url: string;
  /** Fail these actions (`CreateVpcEndpoint` …) until `heal()`, without forwarding them. */
  fail(...actions: string[]): void;
  /**
   * Forward these actions, then lose the answer until `heal()`: `500` answers an
   * `InternalError` in its place, `reset` drops the connection. With `times`, only that many
   * answers are lost; the requests after them fail (503, not forwarded) until `heal()`.
   */
  loseAnswers(how: LostAnswer, actions: readonly string[], times?: number): void;
  /** Stops failing and losing anything, and forgets the counts. */
  heal(): void;
  /** How many requests each failed action got (not forwarded), since the last `heal()`. */
  failures: ReadonlyMap<string, number>;
  /** How many requests of each action reached moto but had their answer lost, since the last `heal()`. */
  lost: ReadonlyMap<string, number>;
  close(): Promise<void>;
}>;

export type LostAnswer = '500' | 'reset';

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const failing = new Set<string>();
  const failures = new Map<string, number>();
  const losing = new Map<string, { how: LostAnswer; left: number }>();
  const lost = new Map<string, number>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = new URLSearchParams(body.toString('utf8')).get('Action') ?? '';
      const loss = losing.get(action);
      if (loss && loss.left <= 0) {
        losing.delete(action);
        failing.add(action);
      }
      if (failing.has(action)) {
        failures.set(action, (failures.get(action) ?? 0) + 1);
        res.writeHead(503, { 'content-type': 'text/xml' });
        res.end(
          `<Response><Errors><Error><Code>ServiceUnavailable</Code><Message>injected by the test</Message></Error></Errors><RequestID>test</RequestID></Response>`,
        );
        return;
      }
      if (loss) {
        loss.left--;
        const forward = forwardTo(upstream, req, (answer) => {
          // moto has made the write: read its whole answer, then lose it.
          answer.resume();
          answer.on('end', () => {
            lost.set(action, (lost.get(action) ?? 0) + 1);
            if (loss.how === 'reset') {
              req.socket.destroy();
              return;
            }
            res.writeHead(500, { 'content-type': 'text/xml' });
            res.end(
              `<Response><Errors><Error><Code>InternalError</Code><Message>An internal error has occurred (injected by the test after the write)</Message></Error></Errors><RequestID>test</RequestID></Response>`,
            );
          });
        });
        forward.on('error', () => req.socket.destroy());
        forward.end(body);
        return;
      }
      const forward = forwardTo(upstream, req, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
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
    loseAnswers: (how, actions, times = Number.POSITIVE_INFINITY) => {
      for (const a of actions) losing.set(a, { how, left: times });
    },
    heal: () => {
      failing.clear();
      losing.clear();
      failures.clear();
      lost.clear();
    },
    failures,
    lost,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The same request, sent on to moto; `onAnswer` gets moto's answer. */
function forwardTo(
  upstream: URL,
  req: IncomingMessage,
  onAnswer: (answer: IncomingMessage) => void,
): ClientRequest {
  return request(
    {
      host: upstream.hostname,
      port: upstream.port,
      path: req.url,
      method: req.method,
      headers: { ...req.headers, host: upstream.host },
    },
    onAnswer,
  );
}
