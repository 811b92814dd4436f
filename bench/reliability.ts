/**
 * `npm run bench -- --reliability`: the promises of issue 7 as figures, each measured
 * through the real Lambda handler on the simulated account (the tests in
 * `test/reliability.test.ts` hold the same promises).
 */
import fc from 'fast-check';
import { checkService } from '../src/cli/check-command.js';
import { type SimOptions, SimulatedAccount } from '../src/sim/account.js';
import { AUTO_FIX_DEPLOYMENT, type RecordingNotifier, simulatedLambda } from '../src/sim/lambda.js';
import { loadScenario, loadScenarios } from '../src/sim/scenario.js';
import { privilegeGaps } from '../test/support/aws-calls.js';
import { runCli, textSink } from '../test/support/cli.js';
import { paste, replay } from '../test/support/hostile.js';
import { expectedCauseOf, malformedEvent } from '../test/support/malformed.js';
import { startFailureScenarios, THIRTY_PERCENT_FAULTS } from '../test/support/scenarios.js';
import { type Figure, figure } from './figures.js';
import { hostileInputFigures } from './hostile-input.js';
import { stormFigures } from './speed.js';

const failing = (options?: SimOptions) =>
  new SimulatedAccount(loadScenario('no-egress-no-endpoints'), options);
const docs = (n: RecordingNotifier) =>
  n.documents() as { findings: { id: string; evidence: string[] }[]; outcome: string }[];

async function malformedInput(): Promise<Figure[]> {
  const account = failing();
  const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT });
  const events = fc.sample(malformedEvent(account.event()), { numRuns: 10_000, seed: 7 });
  let invalid = 0;
  let typed = 0;
  let uncaught = 0;
  let writesForInvalid = 0;
  let wrong = 0;
  for (const event of events) {
    const expected = expectedCauseOf(event);
    const writes = account.writes.length;
    try {
      const result = await lambda.invoke(event);
      if (expected === 'invalid') {
        invalid++;
        if (result.outcome === 'invalid-event') typed++;
        writesForInvalid += account.writes.length - writes;
      } else if (result.cause !== expected) wrong++;
    } catch {
      uncaught++;
    }
  }
  const polluted = Object.keys(Object.prototype).length;
  return [
    figure('malformed events: generated', events.length, 'events', '10000', events.length === 10_000),
    figure(
      'malformed events: invalid ones ending in a typed, logged error',
      typed,
      'events',
      `= ${invalid}`,
      typed === invalid,
    ),
    figure('malformed events: valid ones classified wrongly', wrong, 'events', '0', wrong === 0),
    figure('malformed events: uncaught exceptions', uncaught, 'exceptions', '0', uncaught === 0),
    figure(
      'malformed events: AWS writes for invalid ones',
      writesForInvalid,
      'writes',
      '0',
      writesForInvalid === 0,
    ),
    figure('malformed events: keys added to Object.prototype', polluted, 'keys', '0', polluted === 0),
  ];
}

async function duplicatesAndStorms(): Promise<Figure[]> {
  const copies = failing({ jitterMs: 5 });
  const copiesLambda = simulatedLambda(copies, { deployment: AUTO_FIX_DEPLOYMENT });
  const event = copies.event();
  await Promise.all(Array.from({ length: 20 }, () => copiesLambda.invoke(event)));
  const endpointsCreated = copies.writes.filter((w) => w.operation === 'ec2:CreateVpcEndpoint').length;

  return [
    figure(
      '20 concurrent copies of one event: notifications',
      copiesLambda.notifier.sent.length,
      'notices',
      '1',
      copiesLambda.notifier.sent.length === 1,
    ),
    figure(
      '20 concurrent copies of one event: endpoints created (4 needed)',
      endpointsCreated,
      'endpoints',
      '4',
      endpointsCreated === 4,
    ),
    ...(await stormFigures()),
  ];
}

async function awsFaults(): Promise<Figure[]> {
  const scenarios = startFailureScenarios();
  let runs = 0;
  let same = 0;
  let deadLettered = 0;
  let attempts = 0;
  let calls = 0;
  let failedAttempts = 0;
  let deniedRuns = 0;
  let deniedReported = 0;
  let deniedNewProblems = 0;
  for (const scenario of scenarios) {
    const clean = new SimulatedAccount(scenario);
    const cleanLambda = simulatedLambda(clean);
    await cleanLambda.deliver(clean.event());
    const cleanFindings = docs(cleanLambda.notifier)[0]?.findings ?? [];
    for (const seed of [1, 2, 3]) {
      const faulty = new SimulatedAccount(scenario, { faults: THIRTY_PERCENT_FAULTS, sdkAttempts: 5, seed });
      const lambda = simulatedLambda(faulty);
      const delivery = await lambda.deliver(faulty.event());
      runs++;
      attempts += delivery.attempts;
      if (delivery.deadLettered) deadLettered++;
      calls += faulty.calls.length;
      failedAttempts += faulty.calls.reduce((n, c) => n + (c.attempts ?? 1) - 1, 0);
      if (JSON.stringify(docs(lambda.notifier)[0]?.findings) === JSON.stringify(cleanFindings)) same++;
    }
    for (const operation of new Set(clean.calls.map((c) => c.operation))) {
      const denied = new SimulatedAccount(scenario, { faults: [{ operation, kind: 'denied' }] });
      const lambda = simulatedLambda(denied);
      const delivery = await lambda.deliver(denied.event());
      deniedRuns++;
      if (delivery.result?.result === 'notified') deniedReported++;
      const problems = (docs(lambda.notifier)[0]?.findings ?? []).filter(
        (f) => f.id !== 'not-checked' && f.id !== 'path-ok',
      );
      deniedNewProblems += problems.filter((f) => !cleanFindings.some((c) => c.id === f.id)).length;
    }
  }
  const midway = failing({ faults: [{ operation: 'ec2:CreateVpcEndpoint', kind: 'transient', times: 1 }] });
  const midwayLambda = simulatedLambda(midway, { deployment: AUTO_FIX_DEPLOYMENT });
  const midwayDelivery = await midwayLambda.deliver(midway.event());
  const succeeded = midway.writes.filter((w) => !w.failed);
  const duplicates = succeeded.length - new Set(succeeded.map((w) => `${w.operation} ${w.input}`)).size;

  const sns = failing();
  const snsLambda = simulatedLambda(sns, { deployment: AUTO_FIX_DEPLOYMENT });
  snsLambda.notifier.failing = true;
  const snsEvent = sns.event();
  const snsFailed = await snsLambda.invoke(snsEvent).then(
    () => 0,
    () => 1,
  );
  const writesBefore = sns.writes.length;
  snsLambda.notifier.failing = false;
  const retry = await snsLambda.invoke(snsEvent);
  return [
    figure(
      `30 % throttling/5xx: runs (${scenarios.length} scenarios × 3 seeds)`,
      runs,
      'runs',
      '(reported)',
      true,
    ),
    figure(
      '30 % throttling/5xx: attempts the SDK retried',
      failedAttempts,
      'attempts',
      `of ${calls} calls`,
      true,
    ),
    figure('30 % throttling/5xx: findings as without faults', same, 'runs', `= ${runs}`, same === runs),
    figure(
      '30 % throttling/5xx: Lambda invocations per event',
      Math.round((attempts / runs) * 100) / 100,
      'invocations',
      '(reported)',
      true,
    ),
    figure('30 % throttling/5xx: events dead-lettered', deadLettered, 'events', '0', deadLettered === 0),
    figure(
      'AccessDenied on one read: runs (every scenario × every read)',
      deniedRuns,
      'runs',
      '(reported)',
      true,
    ),
    figure(
      'AccessDenied on one read: reports that arrived',
      deniedReported,
      'runs',
      `= ${deniedRuns}`,
      deniedReported === deniedRuns,
    ),
    figure(
      'AccessDenied on one read: problem findings not in the clean run',
      deniedNewProblems,
      'findings',
      '0',
      deniedNewProblems === 0,
    ),
    figure(
      'a write failing midway: invocations to complete the fix',
      midwayDelivery.attempts,
      'invocations',
      '2',
      midwayDelivery.attempts === 2,
    ),
    figure(
      'a write failing midway: writes that succeeded twice',
      duplicates,
      'writes',
      '0',
      duplicates === 0,
    ),
    figure(
      'SNS unavailable: invocation failed (so Lambda retries)',
      snsFailed,
      'failures',
      '1',
      snsFailed === 1,
    ),
    figure(
      'SNS unavailable: writes repeated by the retry',
      sns.writes.length - writesBefore,
      'writes',
      '0',
      sns.writes.length === writesBefore,
    ),
    figure(
      'SNS unavailable: notices sent after the retry',
      retry.result === 'resent' ? snsLambda.notifier.sent.length : 0,
      'notices',
      '1',
      retry.result === 'resent' && snsLambda.notifier.sent.length === 1,
    ),
  ];
}

async function hostileText(): Promise<Figure[]> {
  const reasons = [
    'CannotPullContainerError: pull failed\n\nSubject: all clear\nFrom: ecs-pullfix',
    '\u001b[2J\u001b[31mCannotPullContainerError\u001b[0m: failed to resolve: i/o timeout',
    '<script>alert(1)</script> CannotPullContainerError: <b>i/o timeout</b>',
    `CannotPullContainerError: dial tcp 52.1.2.3:443: i/o timeout ${'A'.repeat(1_000_000)}`,
    'ResourceInitializationError: unable to pull secrets\r\nSubject: [ecs-pullfix] fixed\r\n\r\nWHAT FAILED\nnothing',
  ];
  let longestSubject = 0;
  let longestBody = 0;
  let unsafe = 0;
  let invalidJson = 0;
  for (const reason of reasons) {
    const account = failing();
    const lambda = simulatedLambda(account);
    const event = account.event();
    (event.detail as Record<string, unknown>).stoppedReason = reason;
    await lambda.invoke(event);
    const sent = lambda.notifier.sent[0];
    const structure = JSON.parse(sent?.message ?? '{}') as Record<string, string>;
    const email = structure.email ?? '';
    longestSubject = Math.max(longestSubject, sent?.subject.length ?? 0);
    longestBody = Math.max(longestBody, email.length);
    const forged = email.split('\n').filter((l) => /^(Subject:|WHAT FAILED)/.test(l)).length !== 1;
    const control = [...`${sent?.subject}${email}`].some((ch) => ch < ' ' && ch !== '\n');
    if (forged || control) unsafe++;
    try {
      JSON.parse(structure.sqs ?? '');
    } catch {
      invalidJson++;
    }
  }
  return [
    figure('hostile text: longest subject', longestSubject, 'chars', '<= 100', longestSubject <= 100),
    figure(
      'hostile text: longest e-mail body (1 MB reason)',
      longestBody,
      'chars',
      '<= 20000',
      longestBody <= 20_000,
    ),
    figure(
      'hostile text: notices with control characters or a forged heading',
      unsafe,
      'notices',
      '0',
      unsafe === 0,
    ),
    figure('hostile text: invalid JSON documents', invalidJson, 'documents', '0', invalidJson === 0),
  ];
}

async function timeBudget(): Promise<Figure[]> {
  const account = failing({ latencyMs: 700 });
  const lambda = simulatedLambda(account, { deployment: AUTO_FIX_DEPLOYMENT, timeoutMs: 16_000 });
  const started = Date.now();
  await lambda.invoke(account.event());
  const ms = Date.now() - started;
  const late = (docs(lambda.notifier)[0]?.findings ?? []).filter((f) =>
    f.evidence.some((e) => e.includes('no answer in time')),
  ).length;
  return [
    figure(
      'AWS at 700 ms a call, 1 s of budget: invocation time',
      ms,
      'ms',
      '< 2000 (timeout 16000)',
      ms < 2_000,
    ),
    figure(
      'AWS at 700 ms a call, 1 s of budget: checks reported not checked in time',
      late,
      'checks',
      '>= 1',
      late >= 1,
    ),
    figure(
      'AWS at 700 ms a call, 1 s of budget: writes',
      account.writes.length,
      'writes',
      '0',
      account.writes.length === 0,
    ),
  ];
}

function leastPrivilege(): Figure[] {
  const { ungranted, unused } = privilegeGaps();
  return [
    figure(
      'IAM: calls the Lambda can make that its policy does not grant',
      ungranted.length,
      'actions',
      '0',
      ungranted.length === 0,
    ),
    figure('IAM: actions granted that no call needs', unused.length, 'actions', '0', unused.length === 0),
  ];
}

/** A control character, as the notices and the terminal must never show one (newlines apart). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: counting them is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const controls = (text: string): number => text.match(CONTROL)?.length ?? 0;

/**
 * The hostile scenarios (`scenarios/hostile-*.yaml`: `$(curl …|sh)` and backticks in secret and
 * parameter names, a newline in valueFrom forging a heading and an AdministratorAccess line, a
 * quote in a log group, an environment-file ARN that closes the policy JSON, `$(id)` and `;` in
 * images, OSC 52 and a bidi override in names): their commands pasted into bash from the plan,
 * the terminal and the e-mail, and every character the notice, `replay`, `check` and the demo
 * print.
 */
async function hostileNames(): Promise<Figure[]> {
  const scenarios = loadScenarios().filter((s) => s.name.startsWith('hostile-'));
  let injected = 0;
  let control = 0;
  for (const scenario of scenarios) {
    const r = await replay(scenario);
    injected += paste(r).injected;
    control += controls(`${r.subject}${r.email}${r.report}`);
    const account = new SimulatedAccount(scenario);
    const lambda = simulatedLambda(account);
    await lambda.invoke(account.event());
    control += controls(lambda.notifier.sent.map((m) => `${m.subject}${m.message}`).join(''));
    const check = textSink();
    await checkService(
      {
        cluster: `arn:aws:ecs:${scenario.region}:${scenario.account}:cluster/${scenario.file.cluster.name}`,
        service: scenario.service?.name ?? '',
        json: false,
      },
      scenario.region,
      new SimulatedAccount(scenario),
      check,
    );
    control += controls(check.text);
    const demo = await runCli(['demo', scenario.name]);
    control += controls(`${demo.stdout}${demo.stderr}`);
  }
  return [
    figure(
      'hostile scenarios: run (secret, parameter, log group, env-file and image names; OSC 52 and bidi in names)',
      scenarios.length,
      'scenarios',
      '5',
      scenarios.length === 5,
    ),
    figure(
      'hostile scenarios: commands a paste of plan, terminal or e-mail would run that the planner did not write',
      injected,
      'commands',
      '0',
      injected === 0,
    ),
    figure(
      'hostile scenarios: control characters in notices and CLI output (replay, check, demo)',
      control,
      'characters',
      '0',
      control === 0,
    ),
  ];
}

export async function reliabilityFigures(): Promise<Figure[]> {
  return [
    ...(await malformedInput()),
    ...(await duplicatesAndStorms()),
    ...(await awsFaults()),
    ...(await hostileText()),
    ...leastPrivilege(),
    ...(await timeBudget()),
    ...(await hostileInputFigures()),
    ...(await hostileNames()),
  ];
}
