import { GetInstanceProfileCommand, IAMClient, paginateSimulatePrincipalPolicy } from '@aws-sdk/client-iam';
import type { IamReader, SimulationContextEntry } from '../core/ports.js';
import type { PermissionDecision } from '../core/workload.js';
import { read } from './answers.js';
import { type ClientOptions, clientConfig } from './clients.js';

const DECISIONS = new Set<string>(['allowed', 'explicitDeny', 'implicitDeny']);

/** The IAM read port, on the SDK: the policy simulator, which changes nothing. */
export class SdkIamReader implements IamReader {
  readonly #iam: IAMClient;
  constructor(iam: IAMClient) {
    this.#iam = iam;
  }

  /**
   * One simulation of every action against every resource asked (the simulator evaluates
   * the cross product; the answer keeps the pairs asked for), with the condition keys given as
   * strings. A role that does not exist fails as `not-found` (`NoSuchEntity`).
   */
  async simulatePrincipalPolicy(
    roleArn: string,
    requests: readonly Readonly<{ action: string; resource: string }>[],
    context: readonly SimulationContextEntry[] = [],
  ): Promise<PermissionDecision[]> {
    if (requests.length === 0) return [];
    const ActionNames = [...new Set(requests.map((r) => r.action))];
    const ResourceArns = [...new Set(requests.map((r) => r.resource))];
    const answered: PermissionDecision[] = [];
    await read('iam:SimulatePrincipalPolicy', async () => {
      const pages = paginateSimulatePrincipalPolicy(
        { client: this.#iam },
        {
          PolicySourceArn: roleArn,
          ActionNames,
          ResourceArns,
          ...(context.length > 0
            ? {
                ContextEntries: context.map((c) => ({
                  ContextKeyName: c.key,
                  ContextKeyValues: [...c.values],
                  ContextKeyType: 'string' as const,
                })),
              }
            : {}),
        },
      );
      for await (const page of pages) {
        for (const r of page.EvaluationResults ?? []) {
          const action = r.EvalActionName ?? '';
          const specific = r.ResourceSpecificResults ?? [];
          const each =
            specific.length > 0
              ? specific.map((s) => ({
                  resource: s.EvalResourceName ?? '',
                  decision: s.EvalResourceDecision,
                }))
              : [{ resource: r.EvalResourceName ?? '*', decision: r.EvalDecision }];
          for (const { resource, decision } of each) {
            if (decision && DECISIONS.has(decision))
              answered.push({ action, resource, decision: decision as PermissionDecision['decision'] });
          }
        }
      }
    });
    return requests.flatMap(
      (q) => answered.find((a) => a.action === q.action && a.resource === q.resource) ?? [],
    );
  }

  /** The role of an instance profile, by the profile's name (the last part of its ARN, after its path). */
  async getInstanceProfileRole(profileArn: string): Promise<string | undefined> {
    const name = profileArn.split('/').pop() ?? profileArn;
    const out = await read('iam:GetInstanceProfile', () =>
      this.#iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name })),
    );
    return out.InstanceProfile?.Roles?.[0]?.Arn;
  }
}

/** The IAM read port on a client of its own: the Lambda imports this module on the port's first call (`src/aws/ports.ts`). */
export function makeIamReader(options: ClientOptions): IamReader {
  return new SdkIamReader(new IAMClient(clientConfig(options, 'iam')));
}
