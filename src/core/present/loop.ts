import { NAT_GATEWAY_USD_PER_GB } from '../prices.js';
import { loopNatCost, type PullLoop } from '../pull-loop.js';
import { command, ifValid, type NameCheck } from '../shell.js';
import { oneLine } from './text.js';

/*
 * The failure loop in words (issue 18, item 7): how many attempts the notice covers, what
 * their pulls through a NAT gateway moved and cost, and — for a cause no retry cures —
 * "retrying will not help" with the commands that stop the loop. Recommend-only: ecs-pullfix
 * never runs them.
 */

export const NAT_DATA_ASSUMPTION = `each attempt pulls the whole image at the compressed size ECR gives (an attempt that failed before its layers pulled less: this is the most it cost), at $${NAT_GATEWAY_USD_PER_GB} per GB of NAT gateway data processing — the us-east-1 list price; see aws.amazon.com/vpc/pricing for your region`;

const gbText = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;

/** The notice's lines on the loop; none for one attempt of a cause a retry may cure. */
export function loopLines(loop: PullLoop | undefined): string[] {
  if (!loop || (loop.attempts <= 1 && !loop.permanent)) return [];
  return ['', 'THE FAILURE LOOP', ...attemptLines(loop), ...stopLines(loop)];
}

function attemptLines(loop: PullLoop): string[] {
  if (loop.attempts <= 1) return [];
  const n = loop.attempts;
  const L = [
    `  ${n} tasks of this incident failed to start since the last notice (this one and ${n - 1} folded into it); on Fargate each attempt pulls the image afresh (no image cache).`,
  ];
  const cost = loopNatCost(loop);
  if (loop.beforeLayers && loop.path.kind === 'nat')
    L.push(
      `  Each attempt failed before pulling a layer of the image: the loop moved next to no data through NAT gateway ${oneLine(loop.path.natId, 40)}.`,
    );
  else if (cost && loop.imageBytes !== undefined && loop.path.kind === 'nat')
    L.push(
      `  Through NAT gateway ${oneLine(loop.path.natId, 40)}: up to ${cost.gb.toFixed(1)} GB (${n} pulls × ${gbText(loop.imageBytes)}), about $${cost.usd.toFixed(2)} of NAT data processing. Assumption: ${NAT_DATA_ASSUMPTION}.`,
    );
  else if (loop.path.kind === 'nat')
    L.push(
      `  ${n} pulls went through NAT gateway ${oneLine(loop.path.natId, 40)}; the image's size was not read, so their data and cost are not estimated.`,
    );
  else if (loop.path.kind === 'not-nat')
    L.push('  The image is not pulled through a NAT gateway: the loop adds no NAT data processing.');
  return L;
}

function stopLines(loop: PullLoop): string[] {
  if (!loop.permanent) return [];
  const L = [
    `  Retrying will not help: ${loop.permanent} needs a change ecs-pullfix does not make, and ECS retries until it is made.`,
  ];
  if (!loop.service) return L;
  const names: NameCheck[] = [
    ['ECS cluster name', loop.cluster],
    ['ECS service name', loop.service],
  ];
  const service = ['--cluster', loop.cluster, '--service', loop.service];
  L.push(
    '  Stop the loop until it is fixed (recommended; ecs-pullfix never runs it), then scale back up:',
    ...indent(
      ifValid(names, () => command(['aws', 'ecs', 'update-service', ...service, '--desired-count', '0'])),
    ),
    '  or let ECS fail a deployment that cannot start its tasks, and roll it back (the deployment circuit breaker; rolling-update services):',
    ...indent(
      ifValid(names, () =>
        command([
          'aws',
          'ecs',
          'update-service',
          ...service,
          '--deployment-configuration',
          'deploymentCircuitBreaker={enable=true,rollback=true}',
        ]),
      ),
    ),
  );
  return L;
}

const indent = (text: string): string[] => text.split('\n').map((line) => `    ${line}`);

/** The loop in the JSON document. */
export function loopDocument(loop: PullLoop | undefined): Record<string, unknown> | undefined {
  if (!loop) return undefined;
  const cost = loopNatCost(loop);
  return {
    attempts: loop.attempts,
    ...(loop.imageBytes !== undefined ? { imageBytes: loop.imageBytes } : {}),
    path: loop.path,
    ...(cost
      ? { natGb: Math.round(cost.gb * 100) / 100, natUsd: cost.usd, assumption: NAT_DATA_ASSUMPTION }
      : {}),
    beforeLayers: loop.beforeLayers,
    retryWillHelp: loop.permanent === undefined,
  };
}
