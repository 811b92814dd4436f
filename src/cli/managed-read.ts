import { type Checked, checked, notChecked } from '../core/checked.js';
import type {
  LeftBehindFacts,
  LeftBehindReader,
  NetworkInterface,
  RunningTask,
} from '../core/left-behind.js';
import type { Managed } from '../core/left-behind-delete.js';
import { needsOf } from '../core/needs.js';
import type { EndpointService } from '../core/network.js';
import { AwsCallError } from '../errors.js';
import { limiter } from '../pipeline/bounded.js';

/** At most this many task definitions are read at a time. */
const DEFINITIONS_AT_ONCE = 5;

/**
 * A read that AWS refused (or that found nothing) is "not checked: why"; throttling and faults
 * that outlasted the SDK's retries surface, as an AWS call failure (exit 254).
 */
async function attempt<T>(read: () => Promise<T>): Promise<Checked<T>> {
  try {
    return checked(await read());
  } catch (e) {
    if (e instanceof AwsCallError && !e.retryable)
      return notChecked(`${e.operation} ${e.kind === 'denied' ? 'was denied' : 'failed'} (${e.code})`);
    throw e;
  }
}

/** What ecs-pullfix created: its endpoints and groups (these reads must answer), and its rules. */
export async function readManaged(port: LeftBehindReader, region: string): Promise<Managed> {
  const [endpoints, groups, rules] = await Promise.all([
    port.managedEndpoints(),
    port.managedGroups(),
    attempt(() => port.managedRules()),
  ]);
  return { region, endpoints, groups, rules };
}

/** The endpoint services each running task of the VPCs needs; each task definition read once. */
async function runningTasks(
  port: LeftBehindReader,
  region: string,
  interfaces: Checked<readonly NetworkInterface[]>,
): Promise<RunningTask[]> {
  const known = interfaces.ok ? new Set(interfaces.value.map((n) => n.id)) : undefined;
  const tasks = (await port.runningTasks()).filter(
    (t) => known === undefined || (t.networkInterfaceId !== undefined && known.has(t.networkInterfaceId)),
  );
  const bounded = limiter(DEFINITIONS_AT_ONCE);
  const needs = new Map<string, Promise<Checked<readonly EndpointService[]>>>();
  for (const arn of new Set(tasks.map((t) => t.taskDefinitionArn)))
    needs.set(
      arn,
      bounded(() =>
        attempt(async () =>
          needsOf(await port.taskDefinition(arn), region).flatMap((n) =>
            n.kind === 'endpoint' ? [n.service] : [],
          ),
        ),
      ),
    );
  return Promise.all(
    tasks.map(async (t) => ({
      arn: t.arn,
      cluster: t.cluster,
      ...(t.networkInterfaceId ? { networkInterfaceId: t.networkInterfaceId } : {}),
      needs: (await needs.get(t.taskDefinitionArn)) ?? notChecked('task definition not read'),
    })),
  );
}

/** Everything `managed` shows: what ecs-pullfix made, and what could still use it. */
export async function readLeftBehind(port: LeftBehindReader, region: string): Promise<LeftBehindFacts> {
  const managed = await readManaged(port, region);
  const vpcIds = [
    ...new Set([...managed.endpoints.map((e) => e.vpcId), ...managed.groups.flatMap((g) => g.vpcId ?? [])]),
  ].sort();
  if (vpcIds.length === 0)
    return { ...managed, vpcGroups: checked([]), interfaces: checked([]), tasks: checked([]) };
  const [vpcGroups, interfaces] = await Promise.all([
    attempt(() => port.groupsIn(vpcIds)),
    attempt(() => port.interfacesIn(vpcIds)),
  ]);
  const tasks = await attempt(() => runningTasks(port, region, interfaces));
  return { ...managed, vpcGroups, interfaces, tasks };
}
