import type { Writable } from 'node:stream';
import { awsPorts } from '../aws/ports.js';
import { loadCliConfig } from '../config.js';
import { serviceOfFinding } from '../core/findings.js';
import type { ReadPorts } from '../core/ports.js';
import { oneLine, renderFindings } from '../core/render.js';
import { InvalidInputError } from '../errors.js';
import { type Preflight, preflight } from '../pipeline/preflight.js';
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
