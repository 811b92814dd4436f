import type { Ec2Writer, IncidentStore, Notifier, ReadPorts } from '../core/ports.js';
import { type ClientOptions, makeClients } from './clients.js';
import { SdkEc2Reader } from './ec2-reader.js';
import { SdkEcsReader } from './ecs-reader.js';
import { DynamoIncidentStore } from './incident-store.js';
import { lazyPort } from './lazy-port.js';
import { SnsNotifier } from './notifier.js';

/**
 * The adapters the Lambda imports (each with its SDK client) on its port's first call, so that
 * esbuild puts them in chunks that the init phase never reads. A diagnosis rarely needs IAM
 * (a role's simulation: an execution-role, KMS or EFS authorization cause, or an instance role),
 * ECR (an image cause), Secrets Manager and SSM (a secret or endpoint-policy cause), EFS (a task
 * definition with an EFS volume) or the EC2 writer (auto-fix). Route 53 Resolver is read by
 * every diagnosis, but not by the events that need none (a fold, a RUNNING task, an ordinary
 * stop), and only in the VPC's round, so its load runs while EC2 answers that round. ECS and
 * EC2 (a diagnosis's first round), DynamoDB and SNS (every event) are loaded at init.
 */
export const LAZY_ADAPTERS = {
  iam: () => import('./iam-reader.js'),
  ecr: () => import('./ecr-reader.js'),
  secrets: () => import('./secrets-reader.js'),
  efs: () => import('./efs-reader.js'),
  resolver: () => import('./resolver-reader.js'),
  ec2Writer: () => import('./ec2-writer.js'),
} as const;

/** The read ports on the SDK clients: those loaded lazily are made on their first call. */
function readPorts(clients: ReturnType<typeof makeClients>, options: ClientOptions): ReadPorts {
  return {
    ecs: new SdkEcsReader(clients.ecs),
    ec2: new SdkEc2Reader(clients.ec2),
    iam: lazyPort(() => LAZY_ADAPTERS.iam().then((m) => m.makeIamReader(options))),
    ecr: lazyPort(() => LAZY_ADAPTERS.ecr().then((m) => m.makeEcrReader(options))),
    secrets: lazyPort(() => LAZY_ADAPTERS.secrets().then((m) => m.makeSecretsReader(options))),
    efs: lazyPort(() => LAZY_ADAPTERS.efs().then((m) => m.makeEfsReader(options))),
    resolver: lazyPort(() => LAZY_ADAPTERS.resolver().then((m) => m.makeResolverReader(options))),
  };
}

/** The EC2 write port (auto-fix only), on the readers' EC2 client, made on its first call. */
function ec2WriterOn(clients: ReturnType<typeof makeClients>): Ec2Writer {
  return lazyPort(() => LAZY_ADAPTERS.ec2Writer().then((m) => new m.SdkEc2Writer(clients.ec2)));
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
  const { sns, dynamodb } = clients;
  return {
    ...readPorts(clients, options),
    ec2Writer: ec2WriterOn(clients),
    ...(options.topicArn ? { notifier: new SnsNotifier(sns, options.topicArn) } : {}),
    ...(options.table ? { store: new DynamoIncidentStore(dynamodb, options.table) } : {}),
  };
}

/** The Lambda's ports: all of them, the notifier and the incident store included. */
export function awsLambdaPorts(
  options: ClientOptions & Readonly<{ topicArn: string; table: string }>,
): AwsPorts & Readonly<{ notifier: Notifier; store: IncidentStore }> {
  const clients = makeClients(options);
  const { sns, dynamodb } = clients;
  return {
    ...readPorts(clients, options),
    ec2Writer: ec2WriterOn(clients),
    notifier: new SnsNotifier(sns, options.topicArn),
    store: new DynamoIncidentStore(dynamodb, options.table),
  };
}
