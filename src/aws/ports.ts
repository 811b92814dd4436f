import type { Ec2Writer, ReadPorts } from '../core/ports.js';
import { type ClientOptions, makeClients } from './clients.js';
import { SdkEc2Reader } from './ec2-reader.js';
import { SdkEc2Writer } from './ec2-writer.js';
import { SdkEcsReader } from './ecs-reader.js';

/** The ports on real AWS (or whatever endpoint the environment names). */
export function awsPorts(options: ClientOptions): ReadPorts & Readonly<{ ec2Writer: Ec2Writer }> {
  const { ecs, ec2 } = makeClients(options);
  return { ecs: new SdkEcsReader(ecs), ec2: new SdkEc2Reader(ec2), ec2Writer: new SdkEc2Writer(ec2) };
}
