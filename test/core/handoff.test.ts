import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cause } from '../../src/core/causes.js';
import { parseTaskStateChange } from '../../src/core/event.js';
import {
  HANDOFF_DETAIL_TYPE,
  HANDOFF_SCHEMA,
  HANDOFF_SOURCE,
  type HandoffInput,
  handoffOf,
  handsOff,
} from '../../src/core/handoff.js';
import { boundedDetail, entryBytes, HANDOFF_ENTRY_MAX_BYTES } from '../../src/core/handoff-bound.js';
import type { Mode } from '../../src/core/mode.js';
import { type Outcome, outcomeOf } from '../../src/core/present/index.js';
import { type Report, runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { InMemoryLeaseStore } from '../../src/sim/incident-store.js';
import { AUTO_FIX_DEPLOYMENT } from '../../src/sim/lambda.js';
import { loadScenario } from '../../src/sim/scenario.js';

/**
 * The hand-off to an AI agent: only incidents we could not pin (nothing found wrong and the
 * cause unknown, or the path not seen whole) are handed off, with our evidence and findings,
 * keyed by our incident id, and never over EventBridge's 256 KB entry.
 */

const NOW = new Date('2026-11-20T09:20:00Z');
/** A stop reason the classifier does not recognise (a start failure all the same). */
const UNRECOGNISED = 'Task failed to start';

async function run(scenario: string, mode: Mode, stoppedReason?: string): Promise<Report> {
  const account = new SimulatedAccount(loadScenario(scenario));
  const event = account.event() as { detail: Record<string, unknown> };
  if (stoppedReason !== undefined) event.detail.stoppedReason = stoppedReason;
  return runPipeline(parseTaskStateChange(event), account, {
    deployment: AUTO_FIX_DEPLOYMENT,
    mode,
    writer: account.ec2Writer,
    leases: new InMemoryLeaseStore(),
    now: () => NOW,
  });
}

const inputOf = (report: Report): HandoffInput => ({
  task: report.task,
  classification: report.classification,
  findings: report.findings,
  ...(report.plan ? { plan: report.plan } : {}),
  ...(report.outcomes ? { outcomes: report.outcomes } : {}),
  checks: report.checks,
  incidentId: report.incident?.id ?? '',
  notice: { subject: 'ECS task failed to start: orders-web', text: 'The notice, as a person reads it.' },
  now: NOW,
});

describe(handsOff.name, () => {
  const causes: Cause[] = ['unknown', 'network-timeout', 'image-not-found', 'iam-execution-role'];
  const table: [Outcome, (cause: Cause) => boolean][] = [
    ['no-network-problem', (c) => c === 'unknown'],
    ['not-checked', () => true],
    ['fixed', () => false],
    ['partially-fixed', () => false],
    ['fix-failed', () => false],
    ['planned', () => false],
    ['action-needed', () => false],
    ['resolved', () => false],
  ];
  it.each(table.flatMap(([outcome, sent]) => causes.map((cause) => [outcome, cause, sent(cause)] as const)))(
    'hands off an incident of outcome %s and cause %s: %s',
    (outcome, cause, sent) => {
      expect(handsOff(outcome, cause)).toBe(sent);
    },
  );
});

describe(handoffOf.name, () => {
  /** auto-fix's run with its writes' outcomes rewritten: the first write as `first`, the others as `rest`. */
  async function rewritten(first: 'failed' | 'verified', rest: 'verified' | 'skipped'): Promise<Report> {
    const r = await run('no-egress-no-endpoints', 'auto-fix');
    const writes = (r.plan?.actions ?? []).filter((a) => 'write' in a).map((a) => a.id);
    const outcomes = (r.outcomes ?? []).map((o) =>
      writes.includes(o.id) ? { ...o, status: o.id === writes[0] ? first : rest } : o,
    );
    return { ...r, outcomes };
  }

  /** Each outcome a run can have, from a real scenario; the failed and partial fixes from auto-fix's outcomes. */
  const runs: [string, Outcome, boolean, () => Promise<Report>][] = [
    ['auto-fix made the missing endpoints', 'fixed', false, () => run('no-egress-no-endpoints', 'auto-fix')],
    ['auto-fix failed on a write', 'fix-failed', false, () => rewritten('failed', 'verified')],
    ['auto-fix made some of its writes', 'partially-fixed', false, () => rewritten('verified', 'skipped')],
    ['a dry-run planned the endpoints', 'planned', false, () => run('no-egress-no-endpoints', 'dry-run')],
    [
      'the ecr.dkr endpoint is missing',
      'action-needed',
      false,
      () => run('ec2-awsvpc-missing-ecr-dkr-endpoint', 'notify'),
    ],
    [
      'the image tag was never pushed',
      'action-needed',
      false,
      () => run('ec2-bridge-private-subnet-nat-healthy', 'notify'),
    ],
    [
      'the path is whole and the image is missing',
      'no-network-problem',
      false,
      () => run('nat-public-subnet-main-table-healthy', 'notify'),
    ],
    [
      'the path is whole and the cause unknown',
      'no-network-problem',
      true,
      () => run('nat-public-subnet-main-table-healthy', 'notify', UNRECOGNISED),
    ],
    [
      'an organisation perimeter could not be read',
      'not-checked',
      true,
      () => run('endpoint-policy-org-perimeter-not-checked', 'notify'),
    ],
    [
      'the task’s public IP could not be read',
      'not-checked',
      true,
      () => run('runtask-stepfunctions-public-subnet-ip-unknown', 'notify'),
    ],
  ];

  it.each(runs)('when %s (%s): handed off %s', async (_, outcome, sent, report) => {
    const r = await report();
    expect(
      outcomeOf({
        findings: r.findings,
        ...(r.plan ? { plan: r.plan, mode: r.plan.mode } : {}),
        ...(r.outcomes ? { outcomes: r.outcomes } : {}),
      }),
    ).toBe(outcome);

    const handoff = handoffOf(inputOf(r));

    expect(handoff !== undefined).toBe(sent);
  });

  it('sends the agent our evidence and findings, the task, the cause and the notice, keyed by the incident id', async () => {
    const r = await run('nat-public-subnet-main-table-healthy', 'notify', UNRECOGNISED);

    const handoff = handoffOf(inputOf(r));

    const id = r.incident?.id ?? '';
    expect(id).toMatch(/^inc-[0-9a-f]{16}$/);
    expect(handoff).toMatchObject({
      idempotencyKey: id,
      source: HANDOFF_SOURCE,
      detailType: HANDOFF_DETAIL_TYPE,
      resources: [r.task.taskArn],
      truncated: [],
    });
    const detail = JSON.parse(handoff?.detail ?? '{}');
    expect(detail).toMatchObject({
      schema: HANDOFF_SCHEMA,
      idempotencyKey: id,
      incident: { id, outcome: 'no-network-problem', severity: 'warning' },
      task: {
        account: r.task.account,
        region: r.task.region,
        cluster: r.task.clusterArn,
        taskArn: r.task.taskArn,
        stoppedReason: UNRECOGNISED,
      },
      classification: { cause: 'unknown' },
      notice: { subject: 'ECS task failed to start: orders-web', text: 'The notice, as a person reads it.' },
    });
    const pathOk = detail.findings.find((f: { id: string }) => f.id === 'path-ok');
    expect(pathOk.checked.length).toBeGreaterThan(0);
    expect(detail.checks.length).toBeGreaterThan(0);
  });

  it('hands off nothing without an incident id (nothing to key it by)', async () => {
    const r = await run('nat-public-subnet-main-table-healthy', 'notify', UNRECOGNISED);

    expect(handoffOf({ ...inputOf(r), incidentId: '' })).toBeUndefined();
  });
});

describe('the hand-off’s size', () => {
  /** Huge texts of any character, the multi-byte and the escaped ones included. */
  const huge = fc
    .tuple(fc.constantFrom('a', 'é', '😀', '\u0000', '"', '\\', '\n'), fc.integer({ min: 0, max: 300_000 }))
    .map(([c, n]) => c.repeat(n));

  it('never puts an entry over 256 KB, and keeps the key, the task and the cause', async () => {
    const r = await run('nat-public-subnet-main-table-healthy', 'notify', UNRECOGNISED);
    const base = inputOf(r);
    await fc.assert(
      fc.asyncProperty(
        huge,
        huge,
        huge,
        fc.integer({ min: 1, max: 400 }),
        async (text, reason, evidence, copies) => {
          const finding = {
            ...base.findings[0],
            evidence: [evidence, evidence],
          } as (typeof base.findings)[number];
          const input: HandoffInput = {
            ...base,
            task: { ...base.task, stoppedReason: reason },
            findings: Array.from({ length: copies }, () => finding),
            notice: { subject: 'subject', text },
          };

          const handoff = handoffOf(input);

          expect(handoff).toBeDefined();
          if (!handoff) return;
          expect(entryBytes(handoff)).toBeLessThanOrEqual(HANDOFF_ENTRY_MAX_BYTES);
          const detail = JSON.parse(handoff.detail);
          expect(detail).toMatchObject({
            idempotencyKey: base.incidentId,
            task: { taskArn: base.task.taskArn },
            classification: { cause: 'unknown' },
          });
          expect(detail.truncated ?? []).toEqual(handoff.truncated);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it('leaves a document that fits as it is', () => {
    const document = { schema: HANDOFF_SCHEMA, notice: { text: 'x'.repeat(100_000) } };

    expect(boundedDetail(document)).toEqual({ detail: JSON.stringify(document), truncated: [] });
  });

  it('cuts a long notice text first, and says so', () => {
    const document = {
      schema: HANDOFF_SCHEMA,
      findings: [{ id: 'path-ok' }],
      notice: { text: 'é'.repeat(200_000) },
    };

    const { detail, truncated } = boundedDetail(document);

    expect(truncated).toEqual(['long texts cut to 16,000 characters']);
    expect(JSON.parse(detail)).toMatchObject({ findings: [{ id: 'path-ok' }], truncated });
  });
});
