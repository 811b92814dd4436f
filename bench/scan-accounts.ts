/**
 * `scan --accounts` at organisation scale (issue 20, item 5): 50 simulated accounts, each with
 * three VPCs and nine services in one cluster, reached as the CLI reaches them — the member
 * role assumed in each (the caller's own account is not among them) — with the same latency
 * added to every call and to every assumption. The figures count what the scan cost: role
 * assumptions against one per account, calls repeated with the same input within an account
 * (reads are shared within an account, never across), and the wall time.
 */
import { PassThrough } from 'node:stream';
import { scanAccountsOn } from '../src/cli/scan-accounts.js';
import { ACCOUNT_CONCURRENCY } from '../src/pipeline/scan-accounts.js';
import { SimulatedOrganization } from '../src/sim/organization.js';
import { type Figure, figure } from './figures.js';

const REGION = 'us-east-1';

/** What one scan of `accounts` simulated accounts cost, `latencyMs` in every call. */
export async function scanAccountsRun(
  accounts: number,
  latencyMs: number,
): Promise<
  Readonly<{ assumptions: number; mostRepeats: number; calls: number; services: number; wallMs: number }>
> {
  const org = new SimulatedOrganization(accounts, { latencyMs });
  const out = new PassThrough();
  let text = '';
  out.on('data', (b: Buffer) => {
    text += b.toString('utf8');
  });
  const started = process.hrtime.bigint();
  await scanAccountsOn({ json: true }, org.accounts, REGION, org.access(REGION), out, new PassThrough());
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const doc = JSON.parse(text) as { checked: number };
  return {
    assumptions: org.assumptions.length,
    mostRepeats: Math.max(0, ...org.accounts.map((a) => org.repeats(a))),
    calls: org.calls.length,
    services: doc.checked,
    wallMs,
  };
}

/** The figures: 50 accounts' scan at 50 ms a call, `ACCOUNT_CONCURRENCY` accounts at a time. */
export async function scanAccountsFigures(accounts = 50, latencyMs = 50): Promise<Figure[]> {
  const run = await scanAccountsRun(accounts, latencyMs);
  const name = `scan --accounts, ${accounts} simulated accounts (${run.services} services)`;
  return [
    figure(
      `${name}: role assumptions`,
      run.assumptions,
      'calls',
      `= ${accounts}`,
      run.assumptions === accounts,
    ),
    figure(
      '  calls repeated with the same input within an account, most',
      run.mostRepeats,
      'calls',
      '= 0',
      run.mostRepeats === 0,
    ),
    figure(`  calls in all, ${latencyMs} ms each`, run.calls, 'calls', '(reported)', true),
    figure(
      `  wall time, ${latencyMs} ms per call, ${ACCOUNT_CONCURRENCY} accounts at a time`,
      Math.round(run.wallMs),
      'ms',
      '(reported)',
      true,
    ),
  ];
}
