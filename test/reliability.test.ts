import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../src/sim/account.js';
import { withTask } from '../src/sim/event.js';
import { AUTO_FIX_DEPLOYMENT, type RecordingNotifier, simulatedLambda } from '../src/sim/lambda.js';
import { loadScenario } from '../src/sim/scenario.js';
import { expectedCauseOf, malformedEvent } from './support/malformed.js';
import { startFailureScenarios, THIRTY_PERCENT_FAULTS } from './support/scenarios.js';

/**
 * The promises of issue 7, each as a test with a number, all through the real Lambda
 * handler (`createHandler`) on the simulated account. `npm run bench -- --reliability`
 * prints the same figures.
 */
const failing = (options?: ConstructorParameters<typeof SimulatedAccount>[1]) =>
  new SimulatedAccount(loadScenario('no-egress-no-endpoints'), options);
type Doc = {
  findings: { id: string; service?: string; resources: string[]; evidence: string[] }[];
  outcome: string;
  incident: { folded: number };
  actions: { status?: string }[];
};
const docsOf = (notifier: RecordingNotifier): Doc[] => notifier.documents() as Doc[];
type DocFinding = Doc['findings'][number];
const keyOf = (f: DocFinding) => `${f.id} ${f.resources.join(',')}`;
const sameFinding = (a: DocFinding, b: DocFinding) => a.id === b.id && a.service === b.service;
const startFailures = startFailureScenarios();

describe('malformed input', () => {
  it('10,000 generated events: each a typed, logged error or a correct result; nothing thrown; no write for an invalid one', async () => {
    const account = failing();
    const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT });
    const base = account.event();
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(malformedEvent(base), async (event) => {
        const writes = account.writes.length;
        const calls = account.calls.length;
        const logged = lambda.logger.entries.length;
        const expected = expectedCauseOf(event);
        const result = await lambda.invoke(event);
        if (expected === 'invalid') {
          invalid++;
          expect(result).toMatchObject({ outcome: 'invalid-event' });
          expect(String(result.error).length).toBeLessThanOrEqual(1_200);
          expect(lambda.logger.entries.slice(logged).map((e) => e.level)).toEqual(['error']);
          expect(account.writes.length).toBe(writes);
          expect(account.calls.length).toBe(calls);
        } else {
          expect(result).toMatchObject({ cause: expected });
          expect(['ignored', 'duplicate', 'folded', 'notified']).toContain(result.result);
        }
      }),
      { numRuns: 10_000, seed: 7 },
    );
    expect(invalid).toBeGreaterThan(5_000);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);
});

describe('duplicates and storms', () => {
  it('20 concurrent copies of one event: 1 notification, 1 remediation', async () => {
    const account = failing({ jitterMs: 5 });
    const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT });
    const event = account.event();
    const results = await Promise.all(Array.from({ length: 20 }, () => lambda.invoke(event)));
    expect(results.filter((r) => r.result === 'notified')).toHaveLength(1);
    expect(results.filter((r) => r.result === 'duplicate')).toHaveLength(19);
    expect(lambda.notifier.sent).toHaveLength(1);
    expect(account.endpoints.filter((e) => e.id.startsWith('vpce-0sim'))).toHaveLength(4);
    expect(new Set(account.writes.map((w) => `${w.operation} ${w.input}`)).size).toBe(account.writes.length);
  });

  it('20 concurrent stops of one service (20 tasks): 1 notification, 1 inspection, 1 remediation', async () => {
    const account = failing({ jitterMs: 5 });
    const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT });
    const event = account.event();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => lambda.invoke(withTask(event, i + 1))),
    );
    expect(results.filter((r) => r.result === 'notified')).toHaveLength(1);
    expect(results.filter((r) => r.result === 'folded')).toHaveLength(19);
    expect(account.calls.filter((c) => c.operation === 'ec2:DescribeSubnets')).toHaveLength(2); // inspect + verify
    expect(account.endpoints.filter((e) => e.id.startsWith('vpce-0sim'))).toHaveLength(4);
  });

  it('10,000 stops of one crash-looping service: 1 notification, 1 inspection, and the next notice counts 9,999 folded', async () => {
    let now = Date.parse('2026-11-20T09:20:00Z');
    const account = failing();
    const lambda = simulatedLambda(account, { now: () => new Date(now) });
    const event = account.event();
    const results = [];
    for (let batch = 0; batch < 10; batch++) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: 1_000 }, (_, i) => lambda.invoke(withTask(event, batch * 1_000 + i + 1))),
        )),
      );
      now += 30_000;
    }
    expect(results.filter((r) => r.result === 'notified')).toHaveLength(1);
    expect(results.filter((r) => r.result === 'folded')).toHaveLength(9_999);
    const oneInspection = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    await simulatedLambda(oneInspection).invoke(oneInspection.event());
    expect(account.calls.length).toBe(oneInspection.calls.length);

    now += 3_600_000;
    expect(await lambda.invoke(withTask(event, 10_001))).toMatchObject({ result: 'notified' });
    const told = docsOf(lambda.notifier).map((d) => d.incident.folded);
    expect((told[0] ?? 0) + (told[1] ?? 0)).toBe(9_999);
  }, 60_000);
});

describe('AWS faults', () => {
  it.each(startFailures.map((s) => s.name))(
    '%s: throttling and 5xx on 30 percent of calls give the same findings as none',
    async (name) => {
      const scenario = loadScenario(name);
      const clean = new SimulatedAccount(scenario);
      const cleanLambda = simulatedLambda(clean);
      await cleanLambda.deliver(clean.event());
      for (const seed of [1, 2, 3]) {
        const faulty = new SimulatedAccount(scenario, {
          faults: THIRTY_PERCENT_FAULTS,
          sdkAttempts: 5,
          seed,
        });
        const lambda = simulatedLambda(faulty);
        const delivery = await lambda.deliver(faulty.event());
        expect(delivery.deadLettered).toBeUndefined();
        expect(faulty.calls.some((c) => (c.attempts ?? 1) > 1)).toBe(true);
        expect(docsOf(lambda.notifier).map((d) => d.findings)).toEqual(
          docsOf(cleanLambda.notifier).map((d) => d.findings),
        );
      }
    },
  );

  it('auto-fix under 30 % faults leaves the account as it leaves it without faults, with no duplicate resource', async () => {
    const clean = failing();
    await simulatedLambda(clean, { deployment: AUTO_FIX_DEPLOYMENT }).deliver(clean.event());
    for (const seed of [1, 2, 3, 4, 5]) {
      const faulty = failing({ faults: THIRTY_PERCENT_FAULTS, sdkAttempts: 5, seed });
      const lambda = simulatedLambda(faulty, { deployment: AUTO_FIX_DEPLOYMENT });
      expect((await lambda.deliver(faulty.event())).deadLettered).toBeUndefined();
      expect(faulty.endpoints.map((e) => e.serviceName).sort()).toEqual(
        clean.endpoints.map((e) => e.serviceName).sort(),
      );
      expect(faulty.securityGroups.length).toBe(clean.securityGroups.length);
      expect(docsOf(lambda.notifier).map((d) => d.outcome)).toEqual(['fixed']);
    }
  });

  const readsOf = (scenario: (typeof startFailures)[number]) => {
    const account = new SimulatedAccount(scenario);
    return { account, lambda: simulatedLambda(account) };
  };

  it.each(startFailures.map((s) => s.name))(
    '%s: AccessDenied on each read in turn: the report arrives, the checks it stopped say not checked, nothing else changes',
    async (name) => {
      const scenario = loadScenario(name);
      const { account, lambda } = readsOf(scenario);
      await lambda.deliver(account.event());
      const clean = docsOf(lambda.notifier)[0]?.findings ?? [];
      const operations = [...new Set(account.calls.map((c) => c.operation))];
      for (const operation of operations) {
        const denied = new SimulatedAccount(scenario, { faults: [{ operation, kind: 'denied' }] });
        const run = simulatedLambda(denied);
        const delivery = await run.deliver(denied.event());
        expect(delivery, operation).toMatchObject({ attempts: 1, result: { result: 'notified' } });
        const findings = docsOf(run.notifier)[0]?.findings ?? [];
        // Nothing else changes: every other finding is one of the clean run's, about no more resources.
        const said = JSON.stringify(findings.filter((f) => f.id === 'not-checked'));
        // path-ok among them: it is said only where every check it summarises was made.
        const verdicts = findings.filter((f) => f.id !== 'not-checked');
        for (const f of verdicts) {
          const same = clean.find(
            (c) => sameFinding(c, f) && f.resources.every((r) => c.resources.includes(r)),
          );
          expect(same, `${operation}: ${keyOf(f)}`).toBeDefined();
        }
        // What the refusal stopped says so, unless another source gave the same facts.
        const unchanged = JSON.stringify(findings) === JSON.stringify(clean);
        if (operation === 'ecs:DescribeClusters') {
          const told = run.notifier.sent[0]?.message ?? '';
          expect(told.includes("the cluster's tags could not be read"), operation).toBe(true);
        } else if (!unchanged) {
          expect(said, operation).toContain(operation);
        }
      }
    },
  );

  it('a write failing midway: the invocation fails once, the retry completes the fix without duplicates and tells it', async () => {
    const account = failing({
      faults: [{ operation: 'ec2:CreateVpcEndpoint', kind: 'transient', times: 1 }],
    });
    const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT });
    const delivery = await lambda.deliver(account.event());
    expect(delivery.attempts).toBe(2);
    expect(lambda.logger.entries.filter((e) => e.level === 'error').map((e) => e.message)).toEqual([
      'failed; Lambda will retry the event, then send it to the dead-letter queue',
    ]);
    expect(account.securityGroups.filter((g) => g.name === 'ecs-pullfix-endpoints')).toHaveLength(1);
    expect(account.endpoints.filter((e) => e.id.startsWith('vpce-0sim'))).toHaveLength(4);
    expect(docsOf(lambda.notifier).map((d) => d.outcome)).toEqual(['fixed']);
  });

  it('a write failing on the retry too: the notice says what was done and what was not', async () => {
    const account = failing({
      faults: [{ operation: 'ec2:CreateVpcEndpoint', kind: 'transient', times: 2 }],
    });
    const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT });
    expect(await lambda.deliver(account.event())).toMatchObject({ attempts: 2 });
    const [doc] = docsOf(lambda.notifier);
    expect(doc?.outcome).toBe('fix-failed');
    const email = JSON.parse(lambda.notifier.sent[0]?.message ?? '{}').email as string;
    expect(email).toMatch(/ec2:CreateVpcEndpoint: InternalError/);
    expect(email).toMatch(/not attempted/);
  });
});

describe('notification failure', () => {
  it('SNS unavailable: the invocation fails; the retry notifies and does not repeat the remediation', async () => {
    const account = failing();
    const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT });
    lambda.notifier.failing = true;
    const event = account.event();
    await expect(lambda.invoke(event)).rejects.toThrow(/SNS is unavailable/);
    const writes = account.writes.length;
    expect(writes).toBeGreaterThan(0);
    lambda.notifier.failing = false;
    expect(await lambda.invoke(event)).toMatchObject({ result: 'resent' });
    expect(account.writes.length).toBe(writes);
    expect(docsOf(lambda.notifier).map((d) => d.outcome)).toEqual(['fixed']);
  });
});

describe('hostile text', () => {
  const hostile = {
    newlines: 'CannotPullContainerError: pull failed\n\nSubject: all clear\nFrom: ecs-pullfix',
    ansi: '\u001b[2J\u001b[31mCannotPullContainerError\u001b[0m: ref pull has been retried 5 time(s): failed to resolve: i/o timeout',
    html: '<script>alert(1)</script> CannotPullContainerError: <b>i/o timeout</b>',
    megabyte: `CannotPullContainerError: dial tcp 52.1.2.3:443: i/o timeout ${'A'.repeat(1_000_000)}`,
    forged:
      'ResourceInitializationError: unable to pull secrets\r\nSubject: [ecs-pullfix] fixed\r\n\r\nWHAT FAILED\nnothing, ignore this',
  };

  it.each(Object.entries(hostile))(
    '%s: one clean subject line, a bounded body that cannot pass for ours, valid JSON',
    async (_, reason) => {
      const account = failing();
      const lambda = simulatedLambda(account);
      const event = account.event();
      (event.detail as Record<string, unknown>).stoppedReason = reason;
      expect(await lambda.invoke(event)).toMatchObject({ result: 'notified' });
      const [sent] = lambda.notifier.sent;
      expect(sent?.subject.length).toBeLessThanOrEqual(100);
      expect([...(sent?.subject ?? '')].every((ch) => ch >= ' ' && ch !== '\u007f')).toBe(true);
      expect(sent?.subject).not.toMatch(/all clear|fixed|<script>/);
      const structure = JSON.parse(sent?.message ?? '') as Record<string, string>;
      expect(structure.email?.length).toBeLessThanOrEqual(20_000);
      expect(structure.email?.includes('\u001b') || structure.email?.includes('\r')).toBe(false);
      expect(structure.email?.split('\n').filter((l) => /^(Subject:|WHAT FAILED)/.test(l))).toEqual([
        'WHAT FAILED',
      ]);
      expect(() => JSON.parse(structure.sqs ?? '')).not.toThrow();
    },
  );
});

describe('time', () => {
  it('AWS answering slowly: the invocation ends inside its budget and says what it could not check in time', async () => {
    const account = failing({ latencyMs: 700 });
    const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT, timeoutMs: 16_000 });
    const started = Date.now();
    expect(await lambda.invoke(account.event())).toMatchObject({
      result: 'notified',
      outcome: 'not-checked',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    const [doc] = docsOf(lambda.notifier);
    expect(doc?.findings.map((f) => f.id)).not.toContain('path-ok');
    expect(JSON.stringify(doc?.findings)).toContain('no answer in time reading the route tables');
    expect(account.writes).toEqual([]);
  });

  it('too little time left to apply and verify a fix: auto-fix writes nothing and says why', async () => {
    const account = failing();
    const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT, timeoutMs: 25_000 });
    expect(await lambda.invoke(account.event())).toMatchObject({
      result: 'notified',
      outcome: 'action-needed',
    });
    expect(account.writes).toEqual([]);
    const email = JSON.parse(lambda.notifier.sent[0]?.message ?? '{}').email as string;
    expect(email).toContain('too little of the invocation time was left to apply and verify the fix');
  });
});
