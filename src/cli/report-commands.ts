import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { awsPorts } from '../aws/ports.js';
import { loadCliConfig, loadDeploymentPolicy } from '../config.js';
import { parseDescribedTask, parseTaskStateChange, type StoppedTask } from '../core/event.js';
import { MODES, parseMode } from '../core/mode.js';
import type { Ec2Writer, ReadPorts } from '../core/ports.js';
import { renderReport, reportDocument } from '../core/render.js';
import { AwsCallError, InvalidEventError, InvalidInputError } from '../errors.js';
import { InMemoryLeaseStore } from '../pipeline/leases.js';
import { type PipelineOptions, runPipeline } from '../pipeline/run.js';

export type AwsFlags = Readonly<{ region?: string; profile?: string; mode?: string }>;
export type Env = Readonly<Record<string, string | undefined>>;

/** `ecs-pullfix replay EVENT_FILE`: the Lambda's pipeline on a saved event, against the current AWS environment. */
export async function runReplay(
  file: string,
  flags: AwsFlags & { json: boolean },
  env: Env,
  out: Writable,
  err: Writable,
): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InvalidInputError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InvalidEventError(`${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const task = parseTaskStateChange(value);
  const ports = awsPorts(regionFor(task, flags, env, err));
  return report(task, ports, pipelineOptions(flags, env, ports.ec2Writer), flags.json, out);
}

/** `ecs-pullfix diagnose --cluster C --task T`: the same, for a task ECS still remembers. */
export async function runDiagnose(
  flags: AwsFlags & { cluster: string; task: string; json: boolean },
  env: Env,
  out: Writable,
): Promise<number> {
  const config = loadCliConfig(env, flags);
  const ports = awsPorts(config);
  const options = pipelineOptions(flags, env, ports.ec2Writer);
  const raw = await ports.ecs.describeTask(flags.cluster, flags.task).catch((e: unknown) => {
    if (e instanceof AwsCallError && (e.kind === 'not-found' || e.kind === 'invalid')) {
      throw new InvalidInputError(
        `ECS does not know task ${flags.task} in cluster ${flags.cluster} (${e.code})`,
        { cause: e },
      );
    }
    throw e;
  });
  if (raw === undefined) {
    throw new InvalidInputError(
      `ECS does not know task ${flags.task} in cluster ${flags.cluster} (stopped tasks are forgotten after about an hour)`,
    );
  }
  const task = parseDescribedTask(raw, config.region ?? '');
  return report(task, ports, options, flags.json, out);
}

/**
 * The pipeline as the CLI runs it: the deployment's policy from the same variables the
 * Lambda reads, and writes only when `--mode auto-fix` says so (a cluster tagged auto-fix is
 * shown as dry-run from a laptop).
 */
function pipelineOptions(flags: AwsFlags, env: Env, writer: Ec2Writer): PipelineOptions {
  const deployment = loadDeploymentPolicy(env);
  if (flags.mode === undefined) return { deployment, ceiling: 'dry-run' };
  const mode = parseMode(flags.mode);
  if (!mode) throw new InvalidInputError(`--mode ${flags.mode} must be one of ${MODES.join(', ')}`);
  return { deployment, mode, writer, leases: new InMemoryLeaseStore() };
}

async function report(
  task: StoppedTask,
  ports: ReadPorts,
  options: PipelineOptions,
  json: boolean,
  out: Writable,
): Promise<number> {
  const result = await runPipeline(task, ports, options);
  out.write(json ? `${JSON.stringify(reportDocument(result))}\n` : `${renderReport(result)}\n`);
  return 0;
}

/** The region to read: the flag, else the environment, else the event's own (said on stderr). */
function regionFor(task: StoppedTask, flags: AwsFlags, env: Env, err: Writable) {
  const config = loadCliConfig(env, flags);
  if (config.region === undefined) {
    err.write(`ecs-pullfix: no region set; using the event's, ${task.region}\n`);
    return { ...config, region: task.region };
  }
  if (config.region !== task.region) {
    err.write(`ecs-pullfix: warning: reading ${config.region}, but the task ran in ${task.region}\n`);
  }
  return config;
}
