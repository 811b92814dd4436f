import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { type Finding, findingKey } from '../../src/core/findings.js';
import { rootFindingOf } from '../../src/core/incident.js';
import { DEFAULT_DEPLOYMENT_POLICY, type DeploymentPolicy, type Mode } from '../../src/core/mode.js';
import { planActions } from '../../src/core/plan.js';
import { outcomeOf, renderVerdict } from '../../src/core/present/index.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { InMemoryLeaseStore } from '../../src/sim/incident-store.js';
import { loadScenario, parseScenario } from '../../src/sim/scenario.js';

/**
 * Several endpoints for one service in a VPC, which a create whose answer was lost can leave
 * behind: the diagnosis says so, with their ids, states, creation and cost, and the command
 * that deletes ecs-pullfix's extras; it never takes them for the cause; and the ceiling of
 * endpoints ecs-pullfix may create counts every one of its own.
 */

async function run(
  account: SimulatedAccount,
  mode: Mode,
  deployment: DeploymentPolicy = DEFAULT_DEPLOYMENT_POLICY,
) {
  return runPipeline(parseTaskStateChange(account.event()), account, {
    deployment,
    mode,
    writer: account.ec2Writer,
    leases: new InMemoryLeaseStore(),
  });
}

const LOST_ANSWERS = 'duplicate-endpoints-after-lost-answers';
const PLATFORM = 'duplicate-endpoints-beside-platform-endpoints';
const byId = (findings: readonly Finding[], key: string) => findings.find((f) => findingKey(f) === key);

describe('duplicate endpoints', () => {
  it("reports ecs-pullfix's extras: which one to keep, each one's state, private DNS, AZs, cost and creation", async () => {
    const report = await run(new SimulatedAccount(loadScenario(LOST_ANSWERS)), 'dry-run');

    const f = byId(report.findings, 'duplicate-endpoints:ecr.dkr');
    expect(f?.resources).toEqual([
      'vpce-0c3e5a7b9d1f3c212',
      'vpce-0c3e5a7b9d1f3c223',
      'vpce-0c3e5a7b9d1f3c234',
      'vpce-0c3e5a7b9d1f3c245',
      'vpce-0c3e5a7b9d1f3c256',
    ]);
    expect(f?.evidence).toEqual([
      '5 interface endpoints for com.amazonaws.us-east-1.ecr.dkr in vpc-0e4a6c8b1d3f5a791, where one is enough (all created by ecs-pullfix): the 4 others cost $58.40 a month',
      'kept: vpce-0c3e5a7b9d1f3c212 (available, private DNS on, 2 AZs, $14.60 a month, created 2025-02-11T09:41:09Z, incident inc-5f0c2a9e7b41d836)',
      "extra, ecs-pullfix's: vpce-0c3e5a7b9d1f3c223 (available, private DNS off, 2 AZs, $14.60 a month, created 2025-02-11T09:41:19Z, incident inc-5f0c2a9e7b41d836)",
      "extra, ecs-pullfix's: vpce-0c3e5a7b9d1f3c234 (available, private DNS off, 2 AZs, $14.60 a month, created 2025-02-11T09:41:30Z, incident inc-5f0c2a9e7b41d836)",
      "extra, ecs-pullfix's: vpce-0c3e5a7b9d1f3c245 (available, private DNS off, 2 AZs, $14.60 a month, created 2025-02-11T09:41:42Z, incident inc-5f0c2a9e7b41d836)",
      "extra, ecs-pullfix's: vpce-0c3e5a7b9d1f3c256 (available, private DNS off, 2 AZs, $14.60 a month, created 2025-02-11T09:41:55Z, incident inc-5f0c2a9e7b41d836)",
    ]);
    expect(f?.fix).toBe(
      'Delete vpce-0c3e5a7b9d1f3c223, vpce-0c3e5a7b9d1f3c234, vpce-0c3e5a7b9d1f3c245, vpce-0c3e5a7b9d1f3c256: endpoints for ecr.dkr ecs-pullfix created beside vpce-0c3e5a7b9d1f3c212, the one to keep; that saves $58.40 a month (aws ec2 delete-vpc-endpoints --vpc-endpoint-ids vpce-0c3e5a7b9d1f3c223 vpce-0c3e5a7b9d1f3c234 vpce-0c3e5a7b9d1f3c245 vpce-0c3e5a7b9d1f3c256).',
    );
  });

  it('recommends deleting the extras, with the command and what it saves, and never deletes anything itself', async () => {
    const account = new SimulatedAccount(loadScenario(LOST_ANSWERS));
    const report = await run(account, 'auto-fix');

    const action = report.plan?.actions.find((a) => a.kind === 'recommend:delete-duplicate-endpoints');
    expect(action).toMatchObject({
      allowed: false,
      service: 'ecr.dkr',
      why: 'duplicate-endpoints:ecr.dkr',
      cli: 'aws ec2 delete-vpc-endpoints --vpc-endpoint-ids vpce-0c3e5a7b9d1f3c223 vpce-0c3e5a7b9d1f3c234 vpce-0c3e5a7b9d1f3c245 vpce-0c3e5a7b9d1f3c256   # keeps vpce-0c3e5a7b9d1f3c212; saves $58.40 a month',
    });
    expect(account.endpoints).toHaveLength(7);
  });

  it("names others' duplicates as information, never proposes deleting them, and says nothing is ecs-pullfix's to delete when none is", async () => {
    const report = await run(new SimulatedAccount(loadScenario(PLATFORM)), 'dry-run');

    const theirs = byId(report.findings, 'duplicate-endpoints:logs');
    expect(theirs?.evidence.at(-1)).toBe(
      "also there, not ecs-pullfix's: vpce-0d1f3b5a7c9e1d345 (available, private DNS off, 1 AZ, $7.30 a month, created 2025-02-04T16:40:08Z)",
    );
    expect(theirs?.fix).toBe(
      "Nothing of ecs-pullfix's to delete (keep vpce-0d1f3b5a7c9e1d334 for logs): vpce-0d1f3b5a7c9e1d345 was not created by ecs-pullfix: if it is not needed, its owner may delete it ($7.30 a month).",
    );
    // ecs-pullfix's own endpoint is the extra beside the platform team's, which serves.
    const mixed = byId(report.findings, 'duplicate-endpoints:ecr.api');
    expect(mixed?.resources).toEqual(['vpce-0d1f3b5a7c9e1d312', 'vpce-0d1f3b5a7c9e1d301']);
    const deletions = (report.plan?.actions ?? []).filter(
      (a) => a.kind === 'recommend:delete-duplicate-endpoints',
    );
    expect(deletions.map((a) => a.cli)).toEqual([
      'aws ec2 delete-vpc-endpoints --vpc-endpoint-ids vpce-0d1f3b5a7c9e1d301   # keeps vpce-0d1f3b5a7c9e1d312; saves $14.60 a month',
    ]);
  });

  it('is never the cause: the verdict, the outcome and path-ok are what they would be without it', async () => {
    const report = await run(new SimulatedAccount(loadScenario(PLATFORM)), 'notify');

    expect(report.findings.map(findingKey)).toEqual([
      'image-tag-missing',
      'path-ok',
      'duplicate-endpoints:ecr.api',
      'duplicate-endpoints:logs',
    ]);
    expect(renderVerdict(report)[0]).toMatch(/^image-tag-missing breaks image /);
    const plan = report.plan;
    if (!plan) throw new Error('no plan');
    // Without the image finding, the path is whole and nothing else is wrong: duplicates change no outcome.
    const networkOnly = report.findings.filter((f) => f.id !== 'image-tag-missing');
    expect(outcomeOf({ findings: networkOnly, mode: 'notify', outcomes: [], plan })).toBe(
      'no-network-problem',
    );
  });

  it('is never the root of the incident: with the path unseen and nothing wrong, the incident has no root', async () => {
    const scenario = loadScenario(PLATFORM);
    const account = new SimulatedAccount(scenario, {
      faults: [{ operation: 'ec2:DescribeNetworkAcls', kind: 'denied' }],
    });
    const report = await run(account, 'notify');
    const networkOnly = report.findings.filter((f) => f.id !== 'image-tag-missing');

    expect(networkOnly.map((f) => f.id)).toEqual([
      'not-checked',
      'duplicate-endpoints',
      'duplicate-endpoints',
    ]);
    expect(rootFindingOf(networkOnly)).toBe('none');
    expect(rootFindingOf(report.findings)).toBe('image-tag-missing');
  });

  it('counts only endpoints that still exist: one being deleted is no duplicate', async () => {
    const text = loadScenarioText(LOST_ANSWERS).replace(
      /(id: vpce-0c3e5a7b9d1f3c2(23|34|45|56)\n)/g,
      '$1    state: deleting\n',
    );
    const report = await run(new SimulatedAccount(parseScenario(LOST_ANSWERS, text)), 'dry-run');

    expect(report.findings.map(findingKey)).not.toContain('duplicate-endpoints:ecr.dkr');
  });
});

describe('the ceiling of endpoints ecs-pullfix may create per VPC', () => {
  it('counts every endpoint of its own, duplicates included: with seven, the Logs endpoint may not be created, and says why', async () => {
    const account = new SimulatedAccount(loadScenario(LOST_ANSWERS));
    const report = await run(account, 'auto-fix');

    const logs = report.plan?.actions.find((a) => a.kind === 'create-interface-endpoint');
    expect(logs).toMatchObject({
      service: 'logs',
      allowed: false,
      reason:
        'the ceiling of 6 endpoints ecs-pullfix may create per VPC is reached (7 of its endpoints exist, 4 of them duplicates: see duplicate-endpoints)',
    });
    expect(account.writes).toEqual([]);
  });

  it('lets the endpoint be created once the extras are deleted', async () => {
    const text = loadScenarioText(LOST_ANSWERS).replace(
      /(id: vpce-0c3e5a7b9d1f3c2(23|34|45|56)\n)/g,
      '$1    state: deleted\n',
    );
    const account = new SimulatedAccount(parseScenario(LOST_ANSWERS, text));
    const report = await run(account, 'auto-fix');

    const logs = report.plan?.actions.find((a) => a.kind === 'create-interface-endpoint');
    expect(logs?.allowed).toBe(true);
    expect(report.after?.map(findingKey)).toEqual(['path-ok']);
  });

  it('allows nothing when the endpoints could not be read: they could not be counted', async () => {
    const report = await run(new SimulatedAccount(loadScenario('no-egress-no-endpoints')), 'dry-run');
    if (!report.snapshot || !report.policy) throw new Error('no snapshot');

    const plan = planActions(
      report.findings,
      { ...report.snapshot, endpoints: { ok: false, why: 'ec2:DescribeVpcEndpoints was denied' } },
      report.policy,
    );

    const creates = plan.actions.filter((a) => a.kind === 'create-interface-endpoint');
    expect(creates.map((a) => [a.allowed, a.reason])).toEqual(
      ['ecr.api', 'ecr.dkr', 'logs'].map(() => [
        false,
        'the endpoints ecs-pullfix created in the VPC could not be counted (ec2:DescribeVpcEndpoints was denied), so the ceiling of 6 per VPC cannot be kept',
      ]),
    );
  });
});

describe('the endpoint security group', () => {
  const allowedKinds = async (allowedServices: DeploymentPolicy['allowedServices']) => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const report = await run(account, 'auto-fix', { ...DEFAULT_DEPLOYMENT_POLICY, allowedServices });
    return { account, report, allowed: report.plan?.actions.filter((a) => a.allowed).map((a) => a.kind) };
  };

  it('is not created when only the S3 gateway may be (no interface endpoint would use it), and says why', async () => {
    const { account, report, allowed } = await allowedKinds(['s3']);

    expect(allowed).toEqual(['create-s3-gateway-endpoint']);
    const group = report.plan?.actions.find((a) => a.kind === 'create-endpoint-security-group');
    expect(group?.reason).toBe(
      "only the interface endpoints auto-fix creates use ecs-pullfix-endpoints, and it may create none here: ecr.api is not in the deployment's allow-list (s3)",
    );
    expect(account.securityGroups.map((g) => g.name)).not.toContain('ecs-pullfix-endpoints');
    expect(account.writes.map((w) => w.operation)).toEqual(['ec2:CreateVpcEndpoint']);
  });

  it('is created, with its rule, when one interface endpoint may be', async () => {
    const { account, allowed } = await allowedKinds(['s3', 'logs']);

    expect(allowed).toEqual([
      'create-endpoint-security-group',
      'authorize-ingress-443',
      'create-interface-endpoint',
      'create-s3-gateway-endpoint',
    ]);
    expect(account.securityGroups.map((g) => g.name)).toContain('ecs-pullfix-endpoints');
  });
});

function loadScenarioText(name: string): string {
  return readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url), 'utf8');
}
