import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../../src/core/event.js';
import type { Mode } from '../../../src/core/mode.js';
import {
  buildNotification,
  renderReport,
  reportDocument,
  stepsOf,
  viewOf,
} from '../../../src/core/present/index.js';
import { type Report, runPipeline } from '../../../src/pipeline/run.js';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { InMemoryLeaseStore } from '../../../src/sim/incident-store.js';
import { AUTO_FIX_DEPLOYMENT } from '../../../src/sim/lambda.js';
import { loadScenario } from '../../../src/sim/scenario.js';

/**
 * One view model for every reader: what the terminal, the e-mail and the JSON documents say
 * of a run is derived once, so they cannot disagree on the root finding, the steps or the
 * commands left to run.
 */

async function run(scenario: string, mode: Mode): Promise<Report> {
  const account = new SimulatedAccount(loadScenario(scenario));
  return runPipeline(parseTaskStateChange(account.event()), account, {
    deployment: AUTO_FIX_DEPLOYMENT,
    mode,
    writer: account.ec2Writer,
    leases: new InMemoryLeaseStore(),
    now: () => new Date('2026-11-20T09:20:00Z'),
  });
}

function noticeOf(report: Report, mode: Mode) {
  return buildNotification({
    task: report.task,
    classification: report.classification,
    findings: report.findings,
    incidentId: 'inc-0123456789abcdef',
    mode,
    plan: report.plan ?? { mode, actions: [], notes: [] },
    outcomes: report.outcomes ?? [],
    ...(report.after ? { after: report.after } : {}),
    folded: 0,
    now: new Date('2026-11-20T09:20:00Z'),
  });
}

describe(stepsOf.name, () => {
  it('pairs each action auto-fix took with the outcome it reported for that action', async () => {
    const report = await run('no-egress-no-endpoints', 'auto-fix');

    const steps = stepsOf(report.plan, report.outcomes);

    expect(steps).toHaveLength(7);
    for (const { action, outcome } of steps) expect(outcome).toMatchObject({ id: action.id });
  });

  it('leaves every action without an outcome when nothing was applied', async () => {
    const report = await run('no-egress-no-endpoints', 'dry-run');

    expect(stepsOf(report.plan, undefined).map((s) => s.outcome)).toEqual(
      report.plan?.actions.map(() => undefined),
    );
  });
});

describe(viewOf.name, () => {
  it.each([
    ['no-egress-no-endpoints', 'notify'],
    ['nacl-deny-outbound-443', 'dry-run'],
    ['private-registry-credentials-no-egress', 'auto-fix'],
  ] as const)(
    'gives %s in %s the root the subject, the verdict and the documents name',
    async (scenario, mode) => {
      const report = await run(scenario, mode);

      const view = viewOf({ ...report, mode });
      const notice = noticeOf(report, mode);

      const root = view.root?.finding.id ?? '';
      expect(root).not.toBe('');
      expect(notice.attributes.finding).toBe(root);
      expect(notice.subject).toContain(`: ${root}`);
      expect(renderReport(report).split('\n')[0]).toMatch(new RegExp(`^${root}\\b`));
      expect(notice.attributes.outcome).toBe(view.outcome);
      expect(notice.document).toMatchObject({ outcome: view.outcome, severity: view.severity });
    },
  );

  it.each([
    ['no-egress-no-endpoints', 'notify'],
    ['nat-gateway-failed', 'dry-run'],
    ['private-registry-credentials-no-egress', 'auto-fix'],
  ] as const)(
    'leaves %s in %s the commands both the terminal and the e-mail give',
    async (scenario, mode) => {
      const report = await run(scenario, mode);

      const view = viewOf({ ...report, mode });
      const terminal = renderReport(report);
      const email = noticeOf(report, mode).text;

      expect(view.commands.length).toBeGreaterThan(0);
      for (const line of view.commands.flatMap((a) => a.cli.split('\n'))) {
        expect(email.split('\n')).toContain(`  ${line}`);
        expect(terminal.split('\n')).toContainEqual(expect.toBeOneOf([`      $ ${line}`, `      > ${line}`]));
      }
    },
  );

  it('says, once auto-fix made the path whole, that the fix is done, what it cost, and that one recommendation is moot', async () => {
    const report = await run('no-egress-no-endpoints', 'auto-fix');

    const view = viewOf({ ...report, mode: 'auto-fix' });

    expect(view).toMatchObject({ outcome: 'fixed', severity: 'info', monthlyUsd: 21.9, commands: [] });
    expect(view.after).toMatchObject({ whole: true, problems: [] });
    expect(view.steps.filter((s) => s.done)).toHaveLength(6);
    expect(view.steps.filter((s) => s.moot).map((s) => s.action.kind)).toEqual(['recommend:add-nat-gateway']);
    expect(reportDocument(report).actions).toHaveLength(view.steps.length);
  });

  it('says what could not be checked when nothing was found wrong but some reads failed', async () => {
    const report = await run('runtask-stepfunctions-public-subnet-ip-unknown', 'notify');

    const view = viewOf(report);

    expect(view).toMatchObject({ root: undefined, outcome: 'not-checked', severity: 'warning' });
    expect(view.notChecked.length).toBeGreaterThan(0);
    expect(view.headline).toMatch(/^not checked: .* — nothing else found wrong$/);
    expect(noticeOf(report, 'notify').attributes).toMatchObject({
      finding: 'not-checked',
      severity: 'warning',
    });
  });
});
