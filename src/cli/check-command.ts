import type { Writable } from 'node:stream';
import type { Env } from '../aws/environment.js';
import type { Settings } from '../config.js';
import { checklistLine } from '../core/checklist.js';
import { serviceOfFinding } from '../core/findings.js';
import type { DeploymentPolicy } from '../core/mode.js';
import type { ReadPorts, ServiceNetwork } from '../core/ports.js';
import {
  checkDocuments,
  DEFAULT_COLUMNS,
  notCheckedHeadline,
  oneLine,
  renderFindings,
  wrapLines,
} from '../core/present/index.js';
import { AwsCallError, InvalidInputError } from '../errors.js';
import { type Preflight, preflight } from '../pipeline/preflight.js';
import { type ScanResult, scan } from '../pipeline/scan.js';
import { type AwsFlags, awsContext } from './aws-context.js';
import { type CheckFormat, writeCheck } from './check-output.js';
import { preflightVerdict } from './check-report.js';
import { EXIT } from './exit-codes.js';
import { notReadCounts, scanRows, tableLines } from './scan-table.js';

/** `check` exits 2 when a new task of the service would fail to start. */
export const WOULD_FAIL = EXIT.wouldFail;

/**
 * `ecs-pullfix check --cluster C --service S`: the service's next task, diagnosed before it
 * fails (its current task definition and network configuration). Reads only.
 */
export async function runCheck(
  flags: AwsFlags & Readonly<{ cluster: string; service: string; json: boolean; format?: CheckFormat }>,
  env: Env,
  settings: Settings,
  out: Writable,
  err: Writable,
): Promise<number> {
  const clusterRegion = /^arn:aws[\w-]*:ecs:([a-z0-9-]+):/.exec(flags.cluster)?.[1];
  const { environment, ports } = await awsContext(env, settings, flags, err, clusterRegion);
  const ci = { env, err };
  return checkService(flags, environment.region, ports, out, settings.deployment, ci).catch((e: unknown) => {
    throw unknownToInput(e, `service ${flags.service} in cluster ${flags.cluster}`);
  });
}

/** An unknown cluster or service is bad input (exit 252), in every command alike. */
export function unknownToInput(e: unknown, what: string): unknown {
  if (e instanceof AwsCallError && e.operation.startsWith('ecs:') && e.kind === 'not-found')
    return new InvalidInputError(`ECS does not know ${what} (${e.code})`, { cause: e });
  return e;
}

/** The check on any ports (AWS, or the simulated account in the tests). */
export async function checkService(
  flags: Readonly<{ cluster: string; service: string; json: boolean; format?: CheckFormat }>,
  region: string,
  ports: ReadPorts,
  out: Writable,
  deployment?: DeploymentPolicy,
  /** For `--format github`: the environment (GITHUB_STEP_SUMMARY) and where a warning goes. */
  ci: Readonly<{ env: Env; err: Writable }> = { env: {}, err: out },
): Promise<number> {
  const result = await preflight(flags.cluster, flags.service, region, ports, deployment);
  const format = flags.format ?? (flags.json ? 'json' : 'text');
  await writeCheck(result, { format, out, ...ci, text: renderPreflight, json: preflightDocument });
  return result.wouldFail ? WOULD_FAIL : 0;
}

/**
 * `check`'s text: the verdict first (would a new task start; if not, the root finding, what
 * it breaks and its fix), then the findings, wrapped to `width` columns.
 */
export function renderPreflight(p: Preflight, width = DEFAULT_COLUMNS): string {
  const unseen = p.findings.some((f) => f.id === 'not-checked') ? notCheckedHeadline(p.findings) : undefined;
  const verdict = [
    ...preflightVerdict(p),
    ...(!p.wouldFail && unseen ? [`${unseen.charAt(0).toUpperCase()}${unseen.slice(1)}.`] : []),
  ];
  return wrapLines(
    [
      ...verdict,
      '',
      p.taskDefinitionFile
        ? `task definition file ${p.taskDefinitionFile} (family ${p.service}, not registered), as cluster ${p.cluster} would run it`
        : `${p.cluster} / ${p.service} — task definition ${p.taskDefinitionArn}`,
      ...(p.network ? [`  in ${networkText(p.network)}`] : []),
      // bridge, host or none: whose path the next task's was checked as (none: why not).
      ...(p.instance ? [`  its next task's path: ${standInText(p.instance)}`] : []),
      ...renderFindings(p.findings),
      ...[checklistLine(p.checks)].flatMap((line) => (line ? [`  ${line}`] : [])),
    ],
    width,
  ).join('\n');
}

/** "subnets a, b; security groups sg-1; no public IP": the network given to `check --task-definition`. */
const networkText = (n: ServiceNetwork): string =>
  `subnets ${n.subnetIds.join(', ')}; security groups ${n.securityGroupIds.join(', ')}; ${n.assignPublicIp === 'ENABLED' ? 'a public IP' : 'no public IP'}`;

/** "through container instance i-… (…)", or, when none could run the task, "not checked: why". */
const standInText = (instance: string): string =>
  instance.startsWith('none: ')
    ? `not checked: ${instance.slice('none: '.length)}`
    : `through container instance ${instance}`;

export function preflightDocument(p: Preflight): Record<string, unknown> {
  return {
    cluster: p.cluster,
    service: p.service,
    taskDefinitionArn: p.taskDefinitionArn,
    ...(p.taskDefinitionFile ? { taskDefinitionFile: p.taskDefinitionFile } : {}),
    ...(p.network ? { network: p.network } : {}),
    ...(p.instance ? { instance: p.instance } : {}),
    wouldStart: !p.wouldFail,
    findings: p.findings.map((f) => {
      const service = serviceOfFinding(f);
      return {
        id: f.id,
        ...(f.id === 'not-checked' ? { check: f.check } : {}),
        ...(service ? { service } : {}),
        resources: f.resources.filter((r) => r !== ''),
        evidence: f.evidence.map((e) => oneLine(e, 500)),
        fix: f.fix,
      };
    }),
    checks: checkDocuments(p.checks),
  };
}

/**
 * `ecs-pullfix scan [--cluster C ...]`: `check` for every service of the clusters named, or of
 * every cluster in the region. A progress bar on a terminal (stderr), then a summary table
 * (or one JSON document with `--json`); exit 2 when any service would fail to start.
 */
export async function runScan(
  flags: AwsFlags & Readonly<{ cluster?: string[]; json: boolean }>,
  env: Env,
  settings: Settings,
  out: Writable & { isTTY?: boolean },
  err: Writable & { isTTY?: boolean },
): Promise<number> {
  const { environment, ports } = await awsContext(env, settings, flags, err);
  return scanServices(flags, environment.region, ports, out, err);
}

/** `scan` exits 1 when nothing would fail but a cluster or a service could not be read. */
export const SOME_NOT_READ = EXIT.partial;

/**
 * The scan on any ports (AWS, or the simulated fleet in the tests). Exits 2 when a service
 * would fail to start, else 1 when a cluster or service could not be read (it is not known to
 * be ok), else 0.
 */
export async function scanServices(
  flags: Readonly<{ cluster?: readonly string[]; json: boolean }>,
  region: string,
  ports: ReadPorts,
  out: Writable,
  err: Writable & { isTTY?: boolean },
): Promise<number> {
  const bar = err.isTTY === true;
  const results = await scan(flags.cluster?.length ? flags.cluster : undefined, region, ports, {
    onProgress: ({ done, total, service }) => {
      if (!bar) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      err.write(
        `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${oneLine(service, 40).padEnd(40)}`,
      );
      if (done === total) err.write('\n');
    },
  });
  const failing = results.services.filter((r) => r.wouldFail).length;
  if (flags.json) {
    out.write(
      `${JSON.stringify({
        services: results.services.map(preflightDocument),
        wouldFail: failing,
        checked: results.services.length,
        unread: results.unread,
      })}\n`,
    );
  } else {
    out.write(`${renderScan(results)}\n`);
  }
  return failing > 0 ? WOULD_FAIL : results.unread.length > 0 ? SOME_NOT_READ : 0;
}

/**
 * The scan's table: a row per service (`ok (N not checked)` when N checks could not be made),
 * then a row per cluster (`prod-x/*`) or service that could not be read, with why.
 */
export function renderScan(result: ScanResult): string {
  const { services: results, unread } = result;
  const failing = results.filter((r) => r.wouldFail).length;
  const notRead = notReadCounts(unread);
  return [
    ...tableLines(['service', 'verdict', 'findings'], scanRows(result)),
    '',
    `${results.length} services checked: ${failing} would fail to start${failing > 0 ? ' (ecs-pullfix check --cluster C --service S shows why)' : ''}.`,
    ...(notRead.length > 0 ? [`Not read: ${notRead.join(' and ')} (the rows say why).`] : []),
  ].join('\n');
}
