/**
 * The Lambda's cold start (issue 19, "Cold start"): the code its init phase loads, the time
 * to import it in a fresh `node`, and init with a first invocation on the simulated account.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildArtefact, loadedAtInit } from '../test/support/artefact.js';
import { type Figure, figure } from './figures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 15;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** What the Lambda's configuration needs to load (`loadLambdaConfig`); no call is made. */
const LAMBDA_ENV = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  ECS_PULLFIX_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:ecs-pullfix',
  ECS_PULLFIX_TABLE: 'ecs-pullfix-incidents',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** A fresh `node` running `args`: its wall time (ms) and what it printed. */
function run(args: readonly string[]): { ms: number; stdout: string } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { env: LAMBDA_ENV, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${child.stderr}`);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, stdout: child.stdout };
}

/** The probe's two times, median of `RUNS` fresh processes each. */
function probe(file: string, scenario: string): { initMs: number; firstMs: number; totalMs: number } {
  const runs = Array.from({ length: RUNS }, () => {
    const out = JSON.parse(
      run([file, scenario, join(root, 'scenarios/')])
        .stdout.trim()
        .split('\n')
        .at(-1) ?? '{}',
    );
    return out as { initMs: number; firstMs: number; result: string };
  });
  if (runs.some((r) => r.result !== 'notified')) throw new Error(`the probe did not notify on ${scenario}`);
  return {
    initMs: median(runs.map((r) => r.initMs)),
    firstMs: median(runs.map((r) => r.firstMs)),
    totalMs: median(runs.map((r) => r.initMs + r.firstMs)),
  };
}

/** A network-path diagnosis (the common case): it loads ECS, EC2 and Route 53 Resolver on first use. */
const COMMON = 'no-egress-no-endpoints';
/** A cause that loads two more: IAM (the role's simulation) and Secrets Manager and SSM. */
const WITH_ROLE = 'kms-secret-cmk-role-lacks-decrypt';

export async function coldStartFigures(): Promise<Figure[]> {
  const { file, metafile } = await buildArtefact(mkdtempSync(join(tmpdir(), 'pullfix-cold-')));
  const atInit = loadedAtInit(metafile, 'stopped-task.mjs');
  const kb = (files: readonly string[]) =>
    Math.round(files.reduce((n, f) => n + (metafile.outputs[f]?.bytes ?? 0), 0) / 1024);
  const initKb = kb(atInit);
  const restKb = kb(Object.keys(metafile.outputs).filter((f) => !atInit.includes(f)));
  // Interleaved, so that a busy moment of a shared machine weighs on both alike.
  const url = pathToFileURL(file).href;
  const bare: number[] = [];
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(run(['-e', '']).ms);
    cold.push(run(['--input-type=module', '-e', `await import(${JSON.stringify(url)})`]).ms);
  }
  const over = Math.round(median(cold) - median(bare));
  const ratio = Math.round((median(cold) / median(bare)) * 10) / 10;
  const { file: probeFile } = await buildArtefact(
    mkdtempSync(join(tmpdir(), 'pullfix-cold-probe-')),
    join(root, 'bench/cold-probe.ts'),
  );
  const common = probe(probeFile, COMMON);
  const withRole = probe(probeFile, WITH_ROLE);
  return [
    figure(
      'Lambda bundle loaded at init, minified (the handler and the chunks it imports)',
      initKb,
      'KB',
      '<= 450',
      initKb <= 450,
    ),
    figure(
      '  and in chunks loaded on first use (ECS, EC2, Resolver, IAM, ECR, secrets, EFS, EC2 writer…)',
      restKb,
      'KB',
      '(reported)',
      true,
    ),
    // Interleaved with the bare runs, so that a busy moment weighs on both; on a loaded shared
    // machine it still wanders by ±10 ms (the ratio below is steadier).
    figure(
      `cold import of the handler (init), over a bare \`node -e ""\` (median of ${RUNS})`,
      over,
      'ms',
      '<= 60',
      over <= 60,
    ),
    figure('  cold import ÷ a bare `node -e ""`', ratio, '×', '(reported)', true),
    figure(
      `  a bare \`node -e ""\` beside it (median of ${RUNS})`,
      Math.round(median(bare)),
      'ms',
      '(reported)',
      true,
    ),
    figure(
      `init + first invocation on the simulated account, ${COMMON} (median of ${RUNS})`,
      Math.round(common.totalMs),
      'ms',
      '(reported)',
      true,
    ),
    figure(
      '  of which the first invocation (ECS, EC2, Resolver loaded on first use)',
      Math.round(common.firstMs),
      'ms',
      '(reported)',
      true,
    ),
    figure(
      `  init + first invocation, ${WITH_ROLE} (IAM, secrets loaded too)`,
      Math.round(withRole.totalMs),
      'ms',
      '(reported)',
      true,
    ),
  ];
}
