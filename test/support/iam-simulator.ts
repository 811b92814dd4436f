import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for IAM's policy simulator, for the tests that run on moto (moto does not
 * implement `SimulatePrincipalPolicy`: it answers 500). It speaks IAM's query protocol on
 * the wire, so the SDK adapter is exercised as on AWS; the SDK finds it through
 * `AWS_ENDPOINT_URL_IAM`. Every action is allowed unless a test denies it. IAM's other calls
 * (`GetInstanceProfile`, of the roles a test built in moto) go on to `forwardTo` when given.
 */
export type IamSimulator = Readonly<{
  url: string;
  /** `action` denied to `roleArn` on every resource (until `reset`). */
  deny(roleArn: string, action: string): void;
  /** The caller may not simulate `roleArn` at all (AccessDenied, as a role outside `simulatedRoles`), until `reset`. */
  refuse(roleArn: string): void;
  reset(): void;
  /** The roles simulated so far. */
  simulated: readonly string[];
  close(): Promise<void>;
}>;

export async function startIamSimulator(forwardTo?: string): Promise<IamSimulator> {
  const denied = new Map<string, Set<string>>();
  const simulated: string[] = [];
  const refused = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const form = new URLSearchParams(body);
      if (form.get('Action') !== 'SimulatePrincipalPolicy' && forwardTo) {
        void forward(forwardTo, req.headers, body).then(({ status, type, text }) => {
          res.writeHead(status, { 'content-type': type });
          res.end(text);
        });
        return;
      }
      if (form.get('Action') !== 'SimulatePrincipalPolicy') {
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end(error('InvalidAction', `${form.get('Action')} is not simulated here`));
        return;
      }
      const role = form.get('PolicySourceArn') ?? '';
      simulated.push(role);
      if (refused.has(role)) {
        res.writeHead(403, { 'content-type': 'text/xml' });
        res.end(
          error(
            'AccessDenied',
            `not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${role}`,
          ),
        );
        return;
      }
      const members = (name: string) =>
        [...form.entries()].filter(([k]) => k.startsWith(`${name}.member.`)).map(([, v]) => v);
      const actions = members('ActionNames');
      const resources = members('ResourceArns');
      const decision = (a: string) => (denied.get(role)?.has(a) ? 'implicitDeny' : 'allowed');
      const results = actions
        .map(
          (a) => `<member><EvalActionName>${a}</EvalActionName><EvalDecision>${decision(a)}</EvalDecision>
<ResourceSpecificResults>${resources
            .map(
              (r) =>
                `<member><EvalResourceName>${xmlEscape(r)}</EvalResourceName><EvalResourceDecision>${decision(a)}</EvalResourceDecision></member>`,
            )
            .join('')}</ResourceSpecificResults></member>`,
        )
        .join('');
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>${results}</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>sim</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  server.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    deny: (roleArn, action) => denied.set(roleArn, new Set([...(denied.get(roleArn) ?? []), action])),
    refuse: (roleArn) => refused.add(roleArn),
    reset: () => {
      denied.clear();
      refused.clear();
      simulated.length = 0;
    },
    simulated,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The request as it came (moto checks no signature), to moto's IAM; its answer as moto gave it. */
async function forward(
  url: string,
  headers: IncomingHttpHeaders,
  body: string,
): Promise<{ status: number; type: string; text: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': String(headers['content-type'] ?? 'application/x-www-form-urlencoded'),
        ...(headers.authorization ? { authorization: String(headers.authorization) } : {}),
      },
      body,
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? 'text/xml',
      text: await res.text(),
    };
  } catch (e) {
    return { status: 502, type: 'text/xml', text: error('ServiceUnavailable', String(e)) };
  }
}

function xmlEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function error(code: string, message: string): string {
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>sim</RequestId></ErrorResponse>`;
}
