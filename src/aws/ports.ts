import type { Ec2Writer, IncidentStore, Notifier, ReadPorts } from '../core/ports.js';
import { type ClientOptions, makeClients } from './clients.js';
import { SdkEc2Reader } from './ec2-reader.js';
import { SdkEc2Writer } from './ec2-writer.js';
import { SdkEcrReader } from './ecr-reader.js';
import { SdkEcsReader } from './ecs-reader.js';
import { SdkEfsReader } from './efs-reader.js';
import { SdkIamReader } from './iam-reader.js';
import { DynamoIncidentStore } from './incident-store.js';
import { SnsNotifier } from './notifier.js';
import { SdkResolverReader } from './resolver-reader.js';
import { SdkSecretsReader } from './secrets-reader.js';

/** The read ports on the SDK clients. */
function readPorts(clients: ReturnType<typeof makeClients>): ReadPorts {
  return {
    ecs: new SdkEcsReader(clients.ecs),
    ec2: new SdkEc2Reader(clients.ec2),
    iam: new SdkIamReader(clients.iam),
    ecr: new SdkEcrReader(clients.ecr, clients.ecrIn),
    secrets: new SdkSecretsReader(clients.secretsManager, clients.ssm),
    resolver: new SdkResolverReader(clients.route53resolver),
    efs: new SdkEfsReader(clients.efs),
  };
}

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
  const clients = makeClients(options);
  const { ec2, sns, dynamodb } = clients;
  return {
    ...readPorts(clients),
    ec2Writer: new SdkEc2Writer(ec2),
    ...(options.topicArn ? { notifier: new SnsNotifier(sns, options.topicArn) } : {}),
    ...(options.table ? { store: new DynamoIncidentStore(dynamodb, options.table) } : {}),
  };
}

/** The Lambda's ports: all of them, the notifier and the incident store included. */
export function awsLambdaPorts(
  options: ClientOptions & Readonly<{ topicArn: string; table: string }>,
): AwsPorts & Readonly<{ notifier: Notifier; store: IncidentStore }> {
  const clients = makeClients(options);
  const { ec2, sns, dynamodb } = clients;
  return {
    ...readPorts(clients),
    ec2Writer: new SdkEc2Writer(ec2),
    notifier: new SnsNotifier(sns, options.topicArn),
    store: new DynamoIncidentStore(dynamodb, options.table),
  };
}
