import type { Ec2Writer, IncidentStore, Notifier, ReadPorts } from '../core/ports.js';
import { type ClientOptions, makeClients } from './clients.js';
import { SdkEc2Reader } from './ec2-reader.js';
import { SdkEc2Writer } from './ec2-writer.js';
import { SdkEcsReader } from './ecs-reader.js';
import { DynamoIncidentStore } from './incident-store.js';
import { SnsNotifier } from './notifier.js';

export type AwsPorts = ReadPorts &
  Readonly<{
    ec2Writer: Ec2Writer;
    /** The SNS topic's notifier, when a topic is named. */
    notifier?: Notifier;
    /** The DynamoDB incident store, when a table is named. */
    store?: IncidentStore;
  }>;

/** The ports on real AWS (or whatever endpoint the environment names), built once. */
export function awsPorts(options: ClientOptions & Readonly<{ topicArn?: string; table?: string }>): AwsPorts {
  const { ecs, ec2, sns, dynamodb } = makeClients(options);
  return {
    ecs: new SdkEcsReader(ecs),
    ec2: new SdkEc2Reader(ec2),
    ec2Writer: new SdkEc2Writer(ec2),
    ...(options.topicArn ? { notifier: new SnsNotifier(sns, options.topicArn) } : {}),
    ...(options.table ? { store: new DynamoIncidentStore(dynamodb, options.table) } : {}),
  };
}

/** The Lambda's ports: all of them, the notifier and the incident store included. */
export function awsLambdaPorts(
  options: ClientOptions & Readonly<{ topicArn: string; table: string }>,
): AwsPorts & Readonly<{ notifier: Notifier; store: IncidentStore }> {
  const { ecs, ec2, sns, dynamodb } = makeClients(options);
  return {
    ecs: new SdkEcsReader(ecs),
    ec2: new SdkEc2Reader(ec2),
    ec2Writer: new SdkEc2Writer(ec2),
    notifier: new SnsNotifier(sns, options.topicArn),
    store: new DynamoIncidentStore(dynamodb, options.table),
  };
}
