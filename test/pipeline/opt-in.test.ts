import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY, type Mode } from '../../src/core/mode.js';
import { checked, type Snapshot } from '../../src/core/network.js';
import { planActions } from '../../src/core/plan.js';
import { renderReport } from '../../src/core/present/index.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { InMemoryLeaseStore } from '../../src/sim/incident-store.js';
import { loadScenario, loadScenarios } from '../../src/sim/scenario.js';
import { writeLabel, writesOf } from '../support/writes.js';

/**
 * Auto-fix writes only where an owner opted in by a tag: the VPC
 * (`ecs-pullfix:allow-auto-fix=true`), the security group a rule goes on
 * (`ecs-pullfix:allow-https-rules=true`, or ecs-pullfix's own), the S3 gateway route tables
 * are added to (`ecs-pullfix:allow-route-tables=true`, or ecs-pullfix's own). Anything else
 * is recommended, with its command. The role checks the same tags (test/deploy/role.test.ts).
 */
async function run(account: SimulatedAccount, mode?: Mode) {
  return runPipeline(parseTaskStateChange(account.event()), account, {
    deployment: DEFAULT_DEPLOYMENT_POLICY,
    ...(mode ? { mode } : {}),
    writer: account.ec2Writer,
    leases: new InMemoryLeaseStore(),
  });
}

const withWrites = loadScenarios().filter((s) => s.file.expect.writes);
const recommendedOnly = withWrites.filter((s) => (s.file.expect.writes?.recommended ?? []).length > 0);

describe('writes only where an owner opted in', () => {
  it('has scenarios on both sides: opted in, and not', () => {
    expect(withWrites.length - recommendedOnly.length).toBeGreaterThanOrEqual(15);
    expect(recommendedOnly.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'vpc-not-opted-in-no-endpoints',
        'task-sg-not-opted-in-egress-s3-only',
        'logs-endpoint-sg-allows-lambda-only',
        's3-gateway-user-owned-not-opted-in',
      ]),
    );
  });

  it.each(withWrites.map((s) => [s.name, s] as const))(
    '%s: plans the writes auto-fix may make and the ones it only recommends, as the scenario says',
    async (_, scenario) => {
      const report = await run(new SimulatedAccount(scenario), 'dry-run');
      expect(writesOf(report.plan?.actions ?? [])).toEqual({
        'auto-fix': scenario.file.expect.writes?.['auto-fix'] ?? [],
        recommended: scenario.file.expect.writes?.recommended ?? [],
      });
    },
  );

  it.each(recommendedOnly.map((s) => [s.name, s] as const))(
    '%s: auto-fix writes none of what it recommends, and shows each with its command and how to opt in',
    async (_, scenario) => {
      const account = new SimulatedAccount(scenario);
      const report = await run(account, 'auto-fix');
      const recommended = new Set(scenario.file.expect.writes?.recommended);
      const actions = (report.plan?.actions ?? []).filter(
        (a) => 'write' in a && recommended.has(writeLabel(a.write)),
      );
      expect(actions.length).toBe(recommended.size);
      // These scenarios have nothing auto-fix may write: the account must be untouched.
      expect(scenario.file.expect.writes?.['auto-fix'] ?? []).toEqual([]);
      expect(account.writes).toEqual([]);
      for (const a of actions) {
        expect(a.reason).toMatch(
          /did not opt in: auto-fix (writes|adds rules|adds route tables) only .*aws ec2 create-tags --resources (vpc|sg|vpce)-\w+ --tags Key=ecs-pullfix:allow-(auto-fix|https-rules|route-tables),Value=true/,
        );
        expect(a.cli).toMatch(/^aws ec2 |^ENDPOINT_SG=\$\(aws ec2 /);
      }
      const text = renderReport(report);
      for (const a of actions) {
        expect(text).toContain(`not allowed: ${a.reason}`);
        expect(text).toContain(`$ ${a.cli.split('\n')[0]}`);
      }
    },
  );

  it('writes nothing at all in a VPC that did not opt in, and says so once in the plan', async () => {
    const account = new SimulatedAccount(loadScenario('vpc-not-opted-in-no-endpoints'));
    const report = await run(account);
    expect(report.policy?.mode).toBe('auto-fix');
    expect(account.writes).toEqual([]);
    expect(report.plan?.notes).toEqual([
      'vpc-0c4e6a8b1d3f5c792 did not opt in: auto-fix writes only in VPCs tagged ecs-pullfix:allow-auto-fix=true (aws ec2 create-tags --resources vpc-0c4e6a8b1d3f5c792 --tags Key=ecs-pullfix:allow-auto-fix,Value=true)',
    ]);
    expect(report.outcomes?.map((o) => o.status)).not.toContain('applied');
  });

  it('takes the VPC’s tags from the inspection’s one DescribeVpcs (with its DHCP option set), never a second read for the plan', async () => {
    const fixing = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    await run(fixing);
    const vpcReads = fixing.calls.filter((c) => c.operation === 'ec2:DescribeVpcs');
    const routeTablesRead = fixing.calls.find((c) => c.operation === 'ec2:DescribeRouteTables');
    expect(vpcReads.map((c) => c.round)).toEqual([routeTablesRead?.round]);
  });

  it('adds the rule once the task’s group opts in, and the route table once the gateway does', async () => {
    const sg = loadScenario('task-sg-not-opted-in-egress-s3-only');
    const optedIn = {
      ...sg,
      securityGroups: sg.securityGroups.map((g) =>
        g.id === 'sg-0a1c3e5b7d9f2a813' ? { ...g, tags: { 'ecs-pullfix:allow-https-rules': 'true' } } : g,
      ),
    };
    const account = new SimulatedAccount(optedIn);
    const report = await run(account);
    expect(account.writes.map((w) => w.operation)).toEqual(['ec2:AuthorizeSecurityGroupEgress']);
    expect(report.after?.map((f) => f.id)).toEqual(['path-ok']);

    const gw = loadScenario('s3-gateway-user-owned-not-opted-in');
    const gateway = new SimulatedAccount({
      ...gw,
      endpoints: gw.endpoints.map((e) =>
        e.type === 'Gateway' ? { ...e, tags: { 'ecs-pullfix:allow-route-tables': 'true' } } : e,
      ),
    });
    await run(gateway);
    expect(gateway.writes.map((w) => w.operation)).toEqual(['ec2:ModifyVpcEndpoint']);
  });

  it('takes an opt-in only as exactly "true", as IAM compares it, and says why another value does not count', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const report = await run(account, 'dry-run');
    if (!report.snapshot) throw new Error('no snapshot');
    const snapshot: Snapshot = {
      ...report.snapshot,
      vpcTags: checked({ 'ecs-pullfix:allow-auto-fix': 'True' }),
    };
    const plan = planActions(report.findings, snapshot, {
      ...DEFAULT_DEPLOYMENT_POLICY,
      mode: 'auto-fix',
      source: 'flag',
    });
    expect(plan.actions.filter((a) => a.allowed)).toEqual([]);
    expect(plan.notes[0]).toContain(
      'it is tagged ecs-pullfix:allow-auto-fix="True"; IAM compares the value exactly: true',
    );
  });

  it('allows no write when the VPC’s tags could not be read, and says why', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'), {
      faults: [{ operation: 'ec2:DescribeVpcs', kind: 'denied' }],
    });
    const report = await run(account, 'auto-fix');
    expect(account.writes).toEqual([]);
    expect(report.plan?.actions.filter((a) => a.allowed)).toEqual([]);
    expect(report.plan?.notes.join('\n')).toMatch(
      /the tags of vpc-0a1b2c3d could not be read \(reading vpc-0a1b2c3d \(its DHCP option set and tags\) failed: ec2:DescribeVpcs was denied/,
    );
  });
});
