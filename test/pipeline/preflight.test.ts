import { describe, expect, it } from 'vitest';
import { checkService, WOULD_FAIL } from '../../src/cli/check-command.js';
import { isProblem } from '../../src/core/findings.js';
import { preflight } from '../../src/pipeline/preflight.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario, loadScenarios } from '../../src/sim/scenario.js';
import { textSink } from '../support/cli.js';

const clusterArn = (name: string) => `arn:aws:ecs:us-east-1:111122223333:cluster/${name}`;
const withService = loadScenarios().filter((s) => s.service !== undefined);
// A missing JSON key is inside the secret's value, which is never read: only a stop reason tells it.
// Duplicate endpoints are information: they would not make a new task fail.
// DNS that bypasses the endpoints is a suspect only on the stop reason's word (the servers may
// forward the names to the VPC resolver): a service with no stopped task has none.
// The digest a deployment pinned is the stopped task's (its event's imageDigest): a service with
// no stopped task has its image checked by tag only.
// A pull is weighed against the clock a stop reason says ran out: with no stopped task, none did.
// A task with no execution role on EC2 is signed by its container instance's role: with no
// stopped task, no instance is named, and its role is not read.
const instanceRole = (s: (typeof withService)[number]) =>
  s.file.containerInstance !== undefined && s.taskDefinition.executionRoleArn === undefined;
const expectedIds = (s: (typeof withService)[number]) =>
  s.file.expect.findings
    .filter(
      (f) =>
        f !== 'path-ok' &&
        !(instanceRole(s) && f.startsWith('execution-role-denies:')) &&
        f !== 'secret-missing:json-key' &&
        f !== 'image-digest-gone' &&
        f !== 'image-pull-too-slow-for-timeout' &&
        !f.startsWith('duplicate-endpoints:') &&
        !f.startsWith('dns-bypasses-endpoints:'),
    )
    .map((f) => f.split(':')[0] ?? f);

describe('check: a service diagnosed before its next task fails', () => {
  it('has services to check', () => {
    expect(withService.length).toBeGreaterThanOrEqual(40);
  });

  it.each(withService.map((s) => s.name))(
    '%s: finds what the stopped task’s diagnosis finds',
    async (name) => {
      const s = loadScenario(name);
      const account = new SimulatedAccount(s);
      const result = await preflight(
        clusterArn(s.file.cluster.name),
        s.service?.name ?? '',
        'us-east-1',
        account,
      );
      expect(result.findings.filter(isProblem).map((f) => f.id)).toEqual(expectedIds(s));
      expect(result.wouldFail).toBe(expectedIds(s).length > 0);
      expect(account.repeats).toBe(0);
      expect(account.rounds).toBeLessThanOrEqual(4);
    },
  );

  it('prints the verdict with the fix and its monthly cost, then the findings, and exits 2 when a new task would fail', async () => {
    const s = loadScenario('no-egress-no-endpoints');
    const out = textSink();
    const code = await checkService(
      { cluster: clusterArn(s.file.cluster.name), service: s.service?.name ?? '', json: false },
      'us-east-1',
      new SimulatedAccount(s),
      out,
    );
    expect(code).toBe(WOULD_FAIL);
    expect(out.text.split('\n').slice(0, 4)).toEqual([
      'A new task would fail to start: no-egress-path breaks image checkout:1.4.2 and the awslogs log',
      '  driver of container app.',
      // The VPC opted in (its tags come with the inspection's DescribeVpcs): auto-fix could make it.
      'Fix (auto-fix can make it; nothing was changed): interface endpoints for ecr.api, ecr.dkr and logs',
      '  and an S3 gateway endpoint (~$21.90/month), or a NAT gateway (~$32.85/month).',
    ]);
    expect(out.text).toContain('1. no-egress-path');
  });

  it('exits 0 and says so when nothing would stop a new task', async () => {
    const s = loadScenario('nat-healthy-dockerhub-rate-limit');
    const out = textSink();
    const code = await checkService(
      { cluster: clusterArn(s.file.cluster.name), service: s.service?.name ?? '', json: true },
      'us-east-1',
      new SimulatedAccount(s),
      out,
    );
    expect(code).toBe(0);
    expect(JSON.parse(out.text)).toMatchObject({
      service: s.service?.name,
      wouldStart: true,
      findings: [{ id: 'path-ok', fix: 'Nothing is wrong on the network path ecs-pullfix can see.' }],
    });
  });

  it('names the service ECS does not know', async () => {
    const s = loadScenario('no-egress-no-endpoints');
    await expect(
      preflight(clusterArn(s.file.cluster.name), 'no-such-service', 'us-east-1', new SimulatedAccount(s)),
    ).rejects.toThrow(/no service no-such-service in cluster/);
  });
});
