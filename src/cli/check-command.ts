import type { Writable } from 'node:stream';
import { awsPorts } from '../aws/ports.js';
import { loadCliConfig } from '../config.js';
import { isProblem, serviceOfFinding } from '../core/findings.js';
import type { ReadPorts } from '../core/ports.js';
import { oneLine, renderFindings } from '../core/render.js';
import { InvalidInputError } from '../errors.js';
import { type Preflight, preflight } from '../pipeline/preflight.js';
import { scan } from '../pipeline/scan.js';
import type { AwsFlags, Env } from './report-commands.js';

/** `check` exits 2 when a new task of the service would fail to start. */
export const WOULD_FAIL = 2;

/**
 * `ecs-pullfix check --cluster C --service S`: the service's next task, diagnosed before it
 * fails (its current task definition and network configuration). Reads only.
 */
export async function runCheck(
  flags: AwsFlags & { cluster: string; service: string; json: boolean },
  env: Env,
  out: Writable,
): Promise<number> {
  const config = loadCliConfig(env, flags);
  const region = config.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region && !flags.cluster.startsWith('arn:'))
    throw new InvalidInputError(
      'check needs a region: pass --region, set AWS_REGION, or give the cluster ARN',
    );
  return checkService(flags, region ?? '', awsPorts(config), out);
}

/** The check on any ports (AWS, or the simulated account in the tests). */
export async function checkService(
  flags: Readonly<{ cluster: string; service: string; json: boolean }>,
  region: string,
  ports: ReadPorts,
  out: Writable,
): Promise<number> {
  const result = await preflight(flags.cluster, flags.service, region, ports);
  out.write(flags.json ? `${JSON.stringify(preflightDocument(result))}\n` : `${renderPreflight(result)}\n`);
  return result.wouldFail ? WOULD_FAIL : 0;
}

export function renderPreflight(p: Preflight): string {
  return [
    `${p.cluster} / ${p.service} — task definition ${p.taskDefinitionArn}`,
    p.wouldFail
      ? '  verdict: a new task would fail to start'
      : '  verdict: nothing found that would stop a new task from starting',
    ...renderFindings(p.findings),
  ].join('\n');
}

export function preflightDocument(p: Preflight): Record<string, unknown> {
  return {
    cluster: p.cluster,
    service: p.service,
    taskDefinitionArn: p.taskDefinitionArn,
    wouldStart: !p.wouldFail,
    findings: p.findings.map((f) => {
      const service = serviceOfFinding(f);
      return {
        id: f.id,
        ...(service ? { service } : {}),
        resources: f.resources.filter((r) => r !== ''),
        evidence: f.evidence.map((e) => oneLine(e, 500)),
        fix: f.fix,
      };
    }),
  };
}

/**
 * `ecs-pullfix scan [--cluster C ...]`: `check` for every service of the clusters named, or of
 * every cluster in the region. A progress bar on a terminal (stderr), then a summary table
 * (or one JSON document with `--json`); exit 2 when any service would fail to start.
 */
export async function runScan(
  flags: AwsFlags & { cluster?: string[]; json: boolean },
  env: Env,
  out: Writable & { isTTY?: boolean },
  err: Writable & { isTTY?: boolean },
): Promise<number> {
  const config = loadCliConfig(env, flags);
  const region = config.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new InvalidInputError('scan needs a region: pass --region or set AWS_REGION');
  return scanServices(flags, region, awsPorts(config), out, err);
}

/** The scan on any ports (AWS, or the simulated fleet in the tests). */
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
  const failing = results.filter((r) => r.wouldFail).length;
  if (flags.json) {
    out.write(
      `${JSON.stringify({ services: results.map(preflightDocument), wouldFail: failing, checked: results.length })}\n`,
    );
  } else {
    out.write(`${renderScan(results)}\n`);
  }
  return failing > 0 ? WOULD_FAIL : 0;
}

export function renderScan(results: readonly Preflight[]): string {
  const rows = results.map((r) => [
    `${r.cluster}/${r.service}`,
    r.wouldFail ? 'would fail' : 'ok',
    [...new Set(r.findings.filter(isProblem).map((f) => f.id))].join(', ') || '-',
  ]);
  const header = ['service', 'verdict', 'findings'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const failing = results.filter((r) => r.wouldFail).length;
  return [
    line(header),
    ...rows.map(line),
    '',
    `${results.length} services checked: ${failing} would fail to start${failing > 0 ? ' (ecs-pullfix check --cluster C --service S shows why)' : ''}.`,
  ].join('\n');
}
