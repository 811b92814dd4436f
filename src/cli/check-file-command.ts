import type { Writable } from 'node:stream';
import type { Env } from '../aws/environment.js';
import type { Settings } from '../config.js';
import type { ReadPorts, ServiceNetwork } from '../core/ports.js';
import { InvalidInputError } from '../errors.js';
import type { Preflight } from '../pipeline/preflight.js';
import { preflightUnregistered } from '../pipeline/preflight-file.js';
import { type AwsFlags, awsContext } from './aws-context.js';
import { preflightDocument, renderPreflight, WOULD_FAIL } from './check-command.js';
import { type CheckFormat, writeCheck } from './check-output.js';
import { readTaskDefinitionFile, type TaskDefinitionFile } from './check-task-definition.js';

/** `check --task-definition`'s own flags (its network as `run-task`'s `--network-configuration` would give it). */
export type CheckFileFlags = AwsFlags &
  Readonly<{
    taskDefinition: string;
    subnets?: string;
    securityGroups?: string;
    assignPublicIp: boolean;
    cluster?: string;
    launchType?: string;
  }>;

/** AWS's limits for a task's awsvpc configuration. */
const MAX_SUBNETS = 16;
const MAX_SECURITY_GROUPS = 5;

/**
 * `ecs-pullfix check --task-definition FILE --subnets … --security-groups …`: a task definition
 * a deploy pipeline is about to register, checked against the network it would run in. Bad
 * flags and a bad file are said before any call to AWS. Reads only.
 */
export async function runCheckFile(
  flags: CheckFileFlags,
  format: CheckFormat,
  env: Env,
  settings: Settings,
  out: Writable,
  err: Writable,
): Promise<number> {
  const network = networkOf(flags);
  const file = await readTaskDefinitionFile(flags.taskDefinition);
  awsvpcOnly(file, flags.taskDefinition);
  const launchType = launchTypeOf(file, flags.launchType);
  const ctx = await awsContext(env, settings, flags, err);
  const p = await checkFile(flags, file, network, launchType, {
    region: ctx.environment.region,
    account: await ctx.account(),
    ports: ctx.ports,
    deployment: settings.deployment,
  });
  await writeCheck(p, { format, out, err, env, text: renderPreflight, json: preflightDocument });
  return p.wouldFail ? WOULD_FAIL : 0;
}

/** The check on any ports (AWS, or the simulated account in the tests). */
export async function checkFile(
  flags: Pick<CheckFileFlags, 'taskDefinition' | 'cluster'>,
  file: TaskDefinitionFile,
  network: ServiceNetwork,
  launchType: string,
  on: Readonly<{ region: string; account: string; ports: ReadPorts; deployment?: Settings['deployment'] }>,
): Promise<Preflight> {
  awsvpcOnly(file, flags.taskDefinition);
  const p = await preflightUnregistered(
    {
      taskDefinition: file.facts,
      network,
      launchType,
      cluster: flags.cluster ?? 'default',
      account: on.account,
    },
    on.region,
    on.ports,
    on.deployment,
  );
  return { ...p, taskDefinitionFile: flags.taskDefinition };
}

/** Only an awsvpc task runs in the subnets given: a bridge or host task's path is its instance's. */
function awsvpcOnly(file: TaskDefinitionFile, name: string): void {
  if (file.facts.networkMode !== 'awsvpc')
    throw new InvalidInputError(
      `${name}: network mode ${file.facts.networkMode ?? 'absent (bridge on EC2)'}: check --task-definition checks an awsvpc task in the subnets given; a bridge or host task's path is its container instance's (check a service of it with --cluster and --service)`,
    );
}

/** The flags' awsvpc configuration; its ids are checked for shape here, for existence by EC2. */
export function networkOf(
  flags: Pick<CheckFileFlags, 'subnets' | 'securityGroups' | 'assignPublicIp'>,
): ServiceNetwork {
  if (flags.subnets === undefined)
    throw new InvalidInputError('--task-definition needs --subnets (the subnets the task would run in)');
  if (flags.securityGroups === undefined)
    throw new InvalidInputError('--task-definition needs --security-groups (the task’s security groups)');
  const subnetIds = idsOf('--subnets', flags.subnets, /^subnet-[0-9a-z]{1,32}$/, MAX_SUBNETS);
  const securityGroupIds = idsOf(
    '--security-groups',
    flags.securityGroups,
    /^sg-[0-9a-z]{1,32}$/,
    MAX_SECURITY_GROUPS,
  );
  const assignPublicIp = flags.assignPublicIp ? 'ENABLED' : 'DISABLED';
  return { subnetIds, securityGroupIds, assignPublicIp, given: true };
}

function idsOf(flag: string, list: string, shape: RegExp, max: number): string[] {
  const ids = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = ids.find((id) => !shape.test(id));
  if (ids.length === 0 || bad !== undefined)
    throw new InvalidInputError(
      `${flag} ${list.slice(0, 200)}: expected ids like ${shape.source.slice(1, shape.source.indexOf('-') + 1)}0abc…, comma-separated`,
    );
  if (ids.length > max)
    throw new InvalidInputError(`${flag}: at most ${max} (a task’s awsvpc configuration takes no more)`);
  return [...new Set(ids)];
}

/**
 * FARGATE or EC2: as given, else what the file requires (FARGATE when it names it or nothing,
 * as `register-task-definition` files for Fargate do; EC2 when it names only EC2).
 */
export function launchTypeOf(file: TaskDefinitionFile, flag: string | undefined): string {
  if (flag !== undefined) {
    const upper = flag.toUpperCase();
    if (upper !== 'FARGATE' && upper !== 'EC2')
      throw new InvalidInputError(`--launch-type ${flag.slice(0, 40)} must be FARGATE or EC2`);
    return upper;
  }
  return file.compatibilities.length === 0 || file.compatibilities.includes('FARGATE') ? 'FARGATE' : 'EC2';
}
