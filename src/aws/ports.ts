import type { ReadPorts } from '../core/ports.js';
import { type ClientOptions, makeClients } from './clients.js';
import { SdkEc2Reader } from './ec2-reader.js';
import { SdkEcsReader } from './ecs-reader.js';

/** The read ports on real AWS (or whatever endpoint the environment names). */
export function awsReadPorts(options: ClientOptions): ReadPorts {
  const { ecs, ec2 } = makeClients(options);
  return { ecs: new SdkEcsReader(ecs), ec2: new SdkEc2Reader(ec2) };
}
