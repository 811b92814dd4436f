import { describe, expect, it } from 'vitest';
import { memberAccess } from '../../src/aws/member-access.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { portsOf, simulatedOrganization } from '../../src/sim/accounts.js';
import { simulatedBatchLambda } from '../../src/sim/batch-lambda.js';
import { withTask } from '../../src/sim/event.js';
import { simulatedLambda } from '../../src/sim/lambda.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { messagesOf, sqsEventOf } from '../../src/sim/sqs-event.js';

/**
 * An organisation's hub (account 111122223333, the simulated Lambda's) diagnosing the tasks
 * of its member accounts, each read through its own role (issue 20), behind the queue.
 */
const HUB = '111122223333';
const PAYMENTS = '444455556666';
const SEARCH = '777788889999';

/** The scenario's start failure in `account`. */
const accountOf = (scenario: string, account: string) =>
  new SimulatedAccount({ ...loadScenario(scenario), account });
const stops = (account: SimulatedAccount, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => withTask(account.event(), from + i + 1));
const batchOf = (events: readonly unknown[]) => sqsEventOf(messagesOf(events));

describe('an organisation hub', () => {
  it("diagnoses each member's start failure in that member's VPC, its notice naming the member", async () => {
    const hub = accountOf('no-egress-no-endpoints', HUB);
    const payments = accountOf('no-egress-no-endpoints', PAYMENTS);
    const search = accountOf('ec2-awsvpc-missing-ecr-dkr-endpoint', SEARCH);
    const org = simulatedOrganization(hub, {
      [PAYMENTS]: { account: payments, alias: 'payments-prod' },
      [SEARCH]: { account: search },
    });
    const lambda = simulatedBatchLambda(hub, { accounts: org.accounts });
    const out = await lambda.invoke(batchOf([...stops(payments, 3), ...stops(search, 2)]));
    expect(out.batchItemFailures).toEqual([]);
    const byAccount = new Map(lambda.notifier.sent.map((n) => [n.attributes.account, n]));
    expect([...byAccount.keys()].sort()).toEqual([PAYMENTS, SEARCH]);
    expect(byAccount.get(PAYMENTS)?.attributes.region).toBe('us-east-1');
    const text = (n: unknown) => JSON.parse((n as { message: string }).message).default as string;
    expect(text(byAccount.get(PAYMENTS))).toContain('vpc-0a1b2c3d');
    expect(text(byAccount.get(SEARCH))).toContain('vpc-0b2c3d4e5f6a7b8c9');
    expect(text(byAccount.get(PAYMENTS))).toContain(`account ${PAYMENTS} (payments-prod), us-east-1`);
    expect(text(byAccount.get(SEARCH))).toContain(`account ${SEARCH}, us-east-1`);
    expect(hub.calls).toEqual([]);
    expect(payments.calls.length).toBeGreaterThan(0);
    expect(search.calls.length).toBeGreaterThan(0);
    expect(Object.fromEntries(org.assumptions)).toEqual({
      [`${PAYMENTS}/us-east-1`]: 1,
      [`${SEARCH}/us-east-1`]: 1,
    });
    const logged = lambda.logger.entries
      .filter((e) => e.message === 'handled: notified')
      .map((e) => (e.extra[0] as { account: string }).account);
    expect(logged.sort()).toEqual([PAYMENTS, SEARCH]);
  });

  it('tells a member whose role is missing once, saying so, with no read and no retry', async () => {
    const hub = accountOf('no-egress-no-endpoints', HUB);
    const stranger = accountOf('no-egress-no-endpoints', PAYMENTS);
    const org = simulatedOrganization(hub, { [PAYMENTS]: { account: stranger, refused: true } });
    const lambda = simulatedBatchLambda(hub, { accounts: org.accounts });
    const failures = [];
    for (let b = 0; b < 5; b++)
      failures.push(...(await lambda.invoke(batchOf(stops(stranger, 10, b * 10)))).batchItemFailures);
    expect(failures).toEqual([]);
    expect(lambda.notifier.sent).toHaveLength(1);
    const [notice] = lambda.notifier.sent;
    expect(notice?.attributes).toMatchObject({ account: PAYMENTS, outcome: 'not-checked' });
    expect(JSON.parse(notice?.message ?? '{}').default).toContain(
      `ecs-pullfix cannot read account ${PAYMENTS} in us-east-1: assuming its role ecs-pullfix-member-us-east-1 was refused (AccessDenied)`,
    );
    expect([...stranger.calls, ...hub.calls]).toEqual([]);
  });

  it("applies the member's policy from its role's tags: auto-fix writes land in that member only", async () => {
    const hub = accountOf('no-egress-no-endpoints', HUB);
    const fixes = accountOf('no-egress-no-endpoints', PAYMENTS);
    const notifies = accountOf('no-egress-no-endpoints', SEARCH);
    const org = simulatedOrganization(hub, {
      [PAYMENTS]: {
        account: fixes,
        tags: { 'ecs-pullfix:default-mode': 'auto-fix', 'ecs-pullfix:auto-fix': 'true' },
      },
      [SEARCH]: { account: notifies },
    });
    const lambda = simulatedBatchLambda(hub, { accounts: org.accounts });
    await lambda.invoke(batchOf([...stops(fixes, 1), ...stops(notifies, 1)]));
    expect(fixes.writes.length).toBeGreaterThan(0);
    expect([...notifies.writes, ...hub.writes]).toEqual([]);
    const modes = Object.fromEntries(
      lambda.notifier.sent.map((n) => [n.attributes.account, n.attributes.mode]),
    );
    expect(modes).toEqual({ [PAYMENTS]: 'auto-fix', [SEARCH]: 'notify' });
  });

  it('caps a member whose role holds no write at dry-run, whatever its default mode', async () => {
    const hub = accountOf('no-egress-no-endpoints', HUB);
    const member = accountOf('no-egress-no-endpoints', PAYMENTS);
    const org = simulatedOrganization(hub, {
      [PAYMENTS]: {
        account: member,
        tags: { 'ecs-pullfix:default-mode': 'auto-fix', 'ecs-pullfix:auto-fix': 'false' },
      },
    });
    const lambda = simulatedBatchLambda(hub, { accounts: org.accounts });
    await lambda.invoke(batchOf(stops(member, 1)));
    expect(member.writes).toEqual([]);
    expect(lambda.notifier.sent[0]?.attributes.mode).toBe('dry-run');
  });
});

describe('a single account (no organisation)', () => {
  it('is told exactly as before, with no call more, when the Lambda wires the member access', async () => {
    const before = accountOf('no-egress-no-endpoints', HUB);
    const after = accountOf('no-egress-no-endpoints', HUB);
    const plain = simulatedLambda(before, { now: () => new Date('2026-11-20T09:20:00Z') });
    const wired = simulatedLambda(after, {
      now: () => new Date('2026-11-20T09:20:00Z'),
      accounts: memberAccess(portsOf(after), {
        deployment: { defaultMode: 'notify', maxEndpointsPerVpc: 6 },
      }),
    });
    await plain.invoke(before.event());
    await wired.invoke(after.event());
    expect(wired.notifier.sent).toEqual(plain.notifier.sent);
    expect(after.calls.map((c) => c.operation)).toEqual(before.calls.map((c) => c.operation));
  });

  it("says an event of another account cannot be read, reading nothing, rather than read its own account under the event's names", async () => {
    const hub = accountOf('no-egress-no-endpoints', HUB);
    const other = accountOf('no-egress-no-endpoints', PAYMENTS);
    const lambda = simulatedLambda(hub, {
      accounts: memberAccess(portsOf(hub), { deployment: { defaultMode: 'notify', maxEndpointsPerVpc: 6 } }),
    });
    await lambda.invoke(other.event());
    expect(JSON.parse(lambda.notifier.sent[0]?.message ?? '{}').default).toContain(
      `not checked: the event is from account ${PAYMENTS}, and this deployment (account ${HUB}) has no organisation`,
    );
    expect(hub.calls).toEqual([]);
  });
});
