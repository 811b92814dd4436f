import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import type { EcsReader } from '../core/ports.js';
import { type ClientOptions, clientConfig } from './clients.js';
import { SdkEcsReader } from './ecs-reader.js';

export { SdkEc2Reader } from './ec2-reader.js';

/*
 * ECS and EC2, which every diagnosis reads from its first round and nothing else does (a fold,
 * a RUNNING task, an ordinary stop read neither): one chunk, which the Lambda imports on the
 * first call of either port (`src/aws/ports.ts`). The first round is started while the incident
 * store decides (src/pipeline/prefetch.ts), so on AWS the chunk loads during that round trip.
 */

/** The ECS read port on a client of its own. */
export function makeEcsReader(options: ClientOptions): EcsReader {
  return new SdkEcsReader(new ECSClient(clientConfig(options, 'ecs')));
}

/** The EC2 client the EC2 reader and writer share (one connection pool, one retry quota). */
export function makeEc2Client(options: ClientOptions): EC2Client {
  return new EC2Client(clientConfig(options, 'ec2'));
}
