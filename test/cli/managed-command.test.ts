import { describe, expect, it } from 'vitest';
import { managedOn } from '../../src/cli/managed-command.js';
import type { LeftBehindDeleter, LeftBehindReader, ManagedRule } from '../../src/core/left-behind.js';
import { AwsCallError } from '../../src/errors.js';
import { textSink } from '../support/cli.js';
import {
  ENDPOINT_SG,
  ENDPOINTS,
  endpointGroup,
  endpointInterfaces,
  ingressRule,
  taskGroup,
} from '../support/left-behind.js';

/** The account after auto-fix, as the port reads it; every write it is asked for, in order. */
function account(overrides: Partial<LeftBehindReader & LeftBehindDeleter> = {}) {
  const writes: string[] = [];
  const port: LeftBehindReader & LeftBehindDeleter = {
    managedEndpoints: async () => [...ENDPOINTS],
    managedGroups: async () => [endpointGroup],
    managedRules: async () => [ingressRule],
    groupsIn: async () => [endpointGroup, taskGroup],
    interfacesIn: async () => [...endpointInterfaces],
    runningTasks: async () => [],
    taskDefinition: async () => {
      throw new Error('no task runs');
    },
    deleteEndpoints: async (ids) => {
      writes.push(`DeleteVpcEndpoints ${ids.join(' ')}`);
      return [];
    },
    deleteSecurityGroup: async (id) => {
      writes.push(`DeleteSecurityGroup ${id}`);
    },
    revokeRule: async (r: ManagedRule) => {
      writes.push(`Revoke ${r.id}`);
    },
    ...overrides,
  };
  return { port, writes };
}

const run = async (
  port: LeftBehindReader & LeftBehindDeleter,
  flags: { delete?: string[]; yes?: boolean; json?: boolean },
  answer?: string,
) => {
  const out = textSink();
  const err = textSink();
  const questions: string[] = [];
  const ask =
    answer === undefined
      ? undefined
      : async (q: string) => {
          questions.push(q);
          return answer;
        };
  const code = await managedOn(port, 'us-east-1', { json: false, yes: false, ...flags }, out, err, ask);
  return { code, stdout: out.text, stderr: err.text, questions };
};

describe(managedOn.name, () => {
  it('deletes the one endpoint named after a yes on the terminal, and prints what was deleted', async () => {
    const { port, writes } = account();
    const r = await run(port, { delete: ['vpce-0bbb000000000002'] }, 'y');
    expect(r.code).toBe(0);
    expect(r.questions).toEqual(['Delete them? [y/N] ']);
    expect(r.stderr).toContain(
      'managed will make 1 change(s) in us-east-1:\n  - delete vpce-0bbb000000000002',
    );
    expect(writes).toEqual(['DeleteVpcEndpoints vpce-0bbb000000000002']);
    expect(r.stdout).toBe(
      'deleted vpce-0bbb000000000002 (com.amazonaws.us-east-1.ecr.dkr in vpc-0a1b2c3d4e5f60718, ≈ $7.30/month)\n',
    );
  });

  it('deletes nothing when the answer is no', async () => {
    const { port, writes } = account();
    const r = await run(port, { delete: ['vpce-0bbb000000000002'] }, 'n');
    expect(r.code).toBe(0);
    expect(writes).toEqual([]);
    expect(r.stderr).toContain('ecs-pullfix: not confirmed: nothing was deleted\n');
  });

  it('refuses an id that is not ecs-pullfix’s with exit 252, without asking and without any write', async () => {
    const { port, writes } = account();
    const r = await run(port, { delete: ['vpce-0bbb000000000002', 'sg-0task000000000001'], yes: true });
    expect(r.code).toBe(252);
    expect(writes).toEqual([]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'ecs-pullfix: sg-0task000000000001 is not tagged ecs-pullfix:managed=true in us-east-1 (or does not exist there): ecs-pullfix deletes only what it created\necs-pullfix: nothing was deleted\n',
    );
  });

  it('with --yes deletes the endpoints, then their group', async () => {
    const { port, writes } = account();
    const ids = [ENDPOINT_SG, ...ENDPOINTS.map((e) => e.id)];
    const r = await run(port, { delete: ids, yes: true });
    expect(r.code).toBe(0);
    expect(writes).toEqual([
      `DeleteVpcEndpoints ${ENDPOINTS.map((e) => e.id).join(' ')}`,
      `DeleteSecurityGroup ${ENDPOINT_SG}`,
    ]);
    expect(r.stdout.split('\n').at(-2)).toBe(
      `deleted ${ENDPOINT_SG} (ecs-pullfix-endpoints in vpc-0a1b2c3d4e5f60718)`,
    );
  });

  it('says to try the group again later when AWS still holds the endpoints’ interfaces (exit 1)', async () => {
    const { port } = account({
      deleteSecurityGroup: async () => {
        throw new AwsCallError(
          'ec2:DeleteSecurityGroup',
          'DependencyViolation',
          'other',
          'resource has a dependent object',
        );
      },
    });
    const r = await run(port, { delete: [ENDPOINT_SG, ...ENDPOINTS.map((e) => e.id)], yes: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `ecs-pullfix: ${ENDPOINT_SG} is still in use while its endpoints' network interfaces are deleted: run ecs-pullfix managed --delete ${ENDPOINT_SG} again in a few minutes\n`,
    );
  });

  it('lists with "not checked" where a read was denied', async () => {
    const { port } = account({
      interfacesIn: async () => {
        throw new AwsCallError(
          'ec2:DescribeNetworkInterfaces',
          'UnauthorizedOperation',
          'denied',
          'not authorized',
        );
      },
    });
    const r = await run(port, { json: true });
    const doc = JSON.parse(r.stdout) as {
      notChecked: string[];
      items: { id: string; use: { verdict: string } }[];
    };
    expect(doc.notChecked).toEqual([
      'network interfaces not checked: ec2:DescribeNetworkInterfaces was denied (UnauthorizedOperation)',
    ]);
    expect(doc.items.find((i) => i.id === 'vpce-0bbb000000000002')?.use.verdict).toBe('not checked');
  });
});
