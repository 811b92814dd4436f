import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { FINDING_ORDER, FINDINGS, findingKey } from '../../src/core/findings.js';
import { DEFAULT_DEPLOYMENT_POLICY, type Mode } from '../../src/core/mode.js';
import { type PipelineOptions, runPipeline } from '../../src/pipeline/run.js';
import { type SimOptions, SimulatedAccount } from '../../src/sim/account.js';
import { InMemoryLeaseStore } from '../../src/sim/incident-store.js';
import { loadScenario, loadScenarios, type Scenario } from '../../src/sim/scenario.js';

/** Findings auto-fix answers with writes alone (the egress roots go away once endpoints exist). */
const FIXABLE: ReadonlySet<string> = new Set(FINDING_ORDER.filter((id) => FINDINGS[id].autoFix));

async function run(account: SimulatedAccount, mode: Mode | undefined, extra: Partial<PipelineOptions> = {}) {
  return runPipeline(parseTaskStateChange(account.event()), account, {
    deployment: DEFAULT_DEPLOYMENT_POLICY,
    ...(mode ? { mode } : {}),
    writer: account.ec2Writer,
    leases: new InMemoryLeaseStore(),
    ...extra,
  });
}

const problems = (s: Scenario) =>
  s.file.expect.findings.filter((f) => f !== 'path-ok').map((f) => f.split(':')[0] ?? f);
const fixable = loadScenarios().filter(
  (s) =>
    problems(s).length > 0 &&
    problems(s).every((id) => FIXABLE.has(id)) &&
    !s.file.expect.findings.includes('task-sg-blocks-443') &&
    // A write nobody opted in to is only recommended (test/pipeline/opt-in.test.ts).
    (s.file.expect.writes?.recommended ?? []).length === 0,
);

/**
 * What is left once the fix is in: path-ok (a task on a container instance has its
 * instance's groups, or a gone instance its launch template's), or, for a task started by
 * RunTask whose ENI is gone (or on an instance gone with no launch template to tell), only the
 * note that its security groups could not be known (path-ok is not said then).
 */
const left = (s: Scenario) => {
  const instance = s.file.containerInstance;
  const groupsGone = instance
    ? (instance.state === 'terminated' && !instance.launchTemplate) || instance.state === 'forgotten'
    : s.file.service === undefined && s.file.eni === 'deleted';
  return groupsGone ? ['not-checked:task-security-groups'] : ['path-ok'];
};

describe('auto-fix on the simulated account', () => {
  it('has fixable scenarios to prove itself on', () => {
    expect(fixable.length).toBeGreaterThanOrEqual(15);
  });

  it.each(fixable.map((s) => [s.name, s] as const))(
    '%s: leaves a path-ok diagnosis behind (or only what could not be known), every write verified',
    async (_, scenario) => {
      const account = new SimulatedAccount(scenario);
      const report = await run(account, 'auto-fix');
      expect(report.after?.map(findingKey)).toEqual(left(scenario));
      const writes = (report.outcomes ?? []).filter((_, i) => report.plan?.actions[i]?.allowed);
      expect(writes.length).toBeGreaterThan(0);
      expect(writes.every((o) => o.status === 'verified')).toBe(true);
    },
  );

  it.each(fixable.map((s) => [s.name, s] as const))(
    '%s: a second run writes nothing',
    async (_, scenario) => {
      const account = new SimulatedAccount(scenario);
      await run(account, 'auto-fix');
      const writesAfterFirst = account.writes.length;
      const second = await run(account, 'auto-fix');
      expect(account.writes.length).toBe(writesAfterFirst);
      expect(second.findings.map(findingKey)).toEqual(left(scenario));
    },
  );

  it.each(fixable.map((s) => [s.name, s] as const))(
    '%s: does, action for action, what dry-run planned',
    async (_, scenario) => {
      const dry = await run(new SimulatedAccount(scenario), 'dry-run');
      const fix = await run(new SimulatedAccount(scenario), 'auto-fix');
      const planned = (dry.plan?.actions ?? []).map((a) => [a.id, a.allowed]);
      expect((fix.plan?.actions ?? []).map((a) => [a.id, a.allowed])).toEqual(planned);
      const applied = (fix.plan?.actions ?? [])
        .filter((_, i) => ['applied', 'verified'].includes(fix.outcomes?.[i]?.status ?? ''))
        .map((a) => a.id);
      expect(applied).toEqual((dry.plan?.actions ?? []).filter((a) => a.allowed).map((a) => a.id));
    },
  );

  it.each(loadScenarios().map((s) => [s.name, s] as const))(
    '%s: notify and dry-run never write',
    async (_, scenario) => {
      for (const mode of ['notify', 'dry-run'] as const) {
        const account = new SimulatedAccount(scenario);
        await run(account, mode);
        expect(account.writes).toEqual([]);
      }
    },
  );

  it('tags everything it creates with the incident and the cluster', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const report = await run(account, 'auto-fix');
    const created = account.endpoints.filter((e) => e.id.startsWith('vpce-0sim'));
    expect(created).toHaveLength(4);
    for (const e of created) {
      expect(e.tags).toEqual({
        'ecs-pullfix:managed': 'true',
        'ecs-pullfix:incident': report.incident?.id,
        'ecs-pullfix:cluster': 'prod-apps',
      });
    }
    const createGroup = account.writes.find((w) => w.operation === 'ec2:CreateSecurityGroup');
    expect(JSON.parse(createGroup?.input ?? '{}').tags).toMatchObject({ 'ecs-pullfix:managed': 'true' });
  });

  it('20 concurrent runs for one VPC create exactly one endpoint per missing service, and one endpoint group', async () => {
    const scenario = loadScenario('no-egress-no-endpoints');
    const account = new SimulatedAccount(scenario, { jitterMs: 5, seed: 7 });
    const leases = new InMemoryLeaseStore();
    const reports = await Promise.all(
      Array.from({ length: 20 }, (_, i) => run(account, 'auto-fix', { leases, owner: `invocation-${i}` })),
    );
    const byService = new Map<string, number>();
    for (const e of account.endpoints) byService.set(e.serviceName, (byService.get(e.serviceName) ?? 0) + 1);
    expect(Object.fromEntries(byService)).toEqual({
      'com.amazonaws.us-east-1.ecr.api': 1,
      'com.amazonaws.us-east-1.ecr.dkr': 1,
      'com.amazonaws.us-east-1.logs': 1,
      'com.amazonaws.us-east-1.s3': 1,
    });
    expect(account.securityGroups.filter((g) => g.name === 'ecs-pullfix-endpoints')).toHaveLength(1);
    expect(reports.every((r) => (r.outcomes ?? []).every((o) => o.status !== 'failed'))).toBe(true);
  });

  it('stops at the first failed write, says what was done and what not, and a retry completes it without duplicates', async () => {
    const scenario = loadScenario('no-egress-no-endpoints');
    const faults: SimOptions['faults'] = [
      { operation: 'ec2:CreateVpcEndpoint', kind: 'transient', times: 1 },
    ];
    const account = new SimulatedAccount(scenario, { faults });
    const first = await run(account, 'auto-fix');
    const statuses = (first.plan?.actions ?? []).map((a, i) => [a.kind, first.outcomes?.[i]?.status]);
    expect(statuses).toEqual([
      ['recommend:add-nat-gateway', 'planned'],
      ['create-endpoint-security-group', 'applied'],
      ['authorize-ingress-443', 'applied'],
      ['create-interface-endpoint', 'failed'],
      ['create-interface-endpoint', 'skipped'],
      ['create-interface-endpoint', 'skipped'],
      ['create-s3-gateway-endpoint', 'skipped'],
    ]);
    expect(first.outcomes?.[3]?.detail).toMatch(/ec2:CreateVpcEndpoint: InternalError/);
    const second = await run(account, 'auto-fix');
    expect(second.after?.filter((f) => f.id !== 'not-checked').map(findingKey)).toEqual(['path-ok']);
    expect(account.securityGroups.filter((g) => g.name === 'ecs-pullfix-endpoints')).toHaveLength(1);
    expect(account.endpoints.filter((e) => e.id.startsWith('vpce-0sim'))).toHaveLength(4);
  });

  it('creates no more endpoints in a VPC than the deployment allows', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const report = await run(account, 'auto-fix', {
      deployment: { ...DEFAULT_DEPLOYMENT_POLICY, maxEndpointsPerVpc: 2 },
    });
    expect(account.endpoints.filter((e) => e.id.startsWith('vpce-0sim'))).toHaveLength(2);
    const refused = (report.plan?.actions ?? []).filter((a) => 'write' in a && !a.allowed);
    expect(refused.map((a) => a.reason)).toEqual([
      'the ceiling of 2 endpoints ecs-pullfix may create per VPC is reached (0 of its endpoints exist)',
      'the ceiling of 2 endpoints ecs-pullfix may create per VPC is reached (0 of its endpoints exist)',
    ]);
  });

  it('creates only the endpoint services the deployment allows', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    await run(account, 'auto-fix', {
      deployment: { ...DEFAULT_DEPLOYMENT_POLICY, allowedServices: ['ecr.api', 'ecr.dkr', 's3'] },
    });
    expect(account.endpoints.map((e) => e.serviceName.split('.').slice(3).join('.')).sort()).toEqual([
      'ecr.api',
      'ecr.dkr',
      's3',
    ]);
  });

  it("follows the cluster's tag when no mode is forced, and reports an unknown value as notify", async () => {
    const base = loadScenario('no-egress-no-endpoints');
    const tagged = (value: string): Scenario => ({ ...base, clusterTags: { 'ecs-pullfix:mode': value } });
    const fixing = new SimulatedAccount(tagged('auto-fix'));
    expect((await run(fixing, undefined)).plan?.mode).toBe('auto-fix');
    expect(fixing.writes.length).toBeGreaterThan(0);
    const bogus = new SimulatedAccount(tagged('yes-please'));
    const report = await run(bogus, undefined);
    expect(report.plan?.mode).toBe('notify');
    expect(report.plan?.notes).toContain(
      'the cluster tag ecs-pullfix:mode="yes-please" is not one of notify, dry-run, auto-fix: treated as notify',
    );
    expect(bogus.writes).toEqual([]);
  });

  it('stops a cluster tagged auto-fix at dry-run when the run says so (the CLI without --mode)', async () => {
    const base = loadScenario('no-egress-no-endpoints');
    const account = new SimulatedAccount({ ...base, clusterTags: { 'ecs-pullfix:mode': 'auto-fix' } });
    const report = await run(account, undefined, { ceiling: 'dry-run' });
    expect(report.plan?.mode).toBe('dry-run');
    expect(report.plan?.notes).toContain(
      'the cluster asks for auto-fix; this run stops at dry-run (pass --mode auto-fix to apply)',
    );
    expect(account.writes).toEqual([]);
  });

  it('reads the cluster tags only when there is something to fix', async () => {
    const account = new SimulatedAccount(loadScenario('healthy-nat-image-not-found'));
    await run(account, undefined);
    expect(account.calls.map((c) => c.operation)).not.toContain('ecs:DescribeClusters');
  });
});
