// `npm run snapshot -- FILE`: every scenario in every mode through the real handler on the
// simulated account, with a fixed clock, written as one JSON document (each notice's subject,
// attributes, e-mail text and JSON document, and the CLI's report text and document). Two
// snapshots of two commits differ only where behaviour changed: a refactor's diff is empty.
import { writeFileSync } from 'node:fs';
import { parseTaskStateChange } from '../src/core/event.js';
import { MODES } from '../src/core/mode.js';
import { renderReport, reportDocument } from '../src/core/present/index.js';
import { runPipeline } from '../src/pipeline/run.js';
import { SimulatedAccount } from '../src/sim/account.js';
import { InMemoryLeaseStore } from '../src/sim/incident-store.js';
import { AUTO_FIX_DEPLOYMENT, simulatedLambda } from '../src/sim/lambda.js';
import { loadScenarios } from '../src/sim/scenario.js';

const out = process.argv[2] ?? 'snapshot.json';
const now = () => new Date('2026-11-20T09:20:00Z');
const snapshot: Record<string, unknown> = {};
for (const scenario of loadScenarios()) {
  for (const mode of MODES) {
    const account = new SimulatedAccount(scenario);
    const task = parseTaskStateChange(account.event());
    const report = await runPipeline(task, account, {
      deployment: AUTO_FIX_DEPLOYMENT,
      mode,
      writer: account.ec2Writer,
      leases: new InMemoryLeaseStore(),
      now,
    });
    const lambdaAccount = new SimulatedAccount(scenario);
    const lambda = simulatedLambda(lambdaAccount, {
      now,
      deployment: { ...AUTO_FIX_DEPLOYMENT, defaultMode: mode },
    });
    await lambda.deliver(lambdaAccount.event());
    snapshot[`${scenario.name} ${mode}`] = {
      report: renderReport(report, 100),
      document: reportDocument(report),
      notices: lambda.notifier.sent,
      calls: account.calls.length,
      rounds: account.rounds,
    };
  }
}
writeFileSync(out, `${JSON.stringify(snapshot, null, 1)}\n`);
console.log(`${Object.keys(snapshot).length} runs written to ${out}`);
