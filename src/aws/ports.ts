import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Ec2Writer, IncidentStore, Notifier, ReadPorts } from '../core/ports.js';
import type { IncidentHistory } from '../core/ports-store.js';
import { type ClientOptions, makeClients } from './clients.js';
import { DynamoIncidentHistory } from './incident-history.js';
import { DynamoIncidentStore } from './incident-store.js';
import { lazyPort } from './lazy-port.js';
import { type ChatTopic, SnsNotifier } from './notifier.js';

/**
 * The adapters the Lambda imports (each with its SDK client) on its port's first call, so that
 * esbuild puts them in chunks that the init phase never reads, which holds what every event
 * needs: the incident store (DynamoDB) and the notifier (SNS). ECS and EC2 are read by every
 * diagnosis, from its first round, but not by an event that needs none (a fold, a RUNNING task,
 * an ordinary stop). Route 53 Resolver is read in the VPC's round, so its load runs while EC2
 * answers that round. A diagnosis rarely needs IAM (a role's simulation: an execution-role, KMS
 * or EFS authorization cause, or an instance role), ECR (an image cause), Secrets Manager and
 * SSM (a secret or endpoint-policy cause), EFS (a task definition with an EFS volume) or the
 * EC2 writer (auto-fix).
 */
export const LAZY_ADAPTERS = {
  diagnosis: () => import('./diagnosis-clients.js'),
  iam: () => import('./iam-reader.js'),
  ecr: () => import('./ecr-reader.js'),
  secrets: () => import('./secrets-reader.js'),
  efs: () => import('./efs-reader.js'),
  resolver: () => import('./resolver-reader.js'),
  ec2Writer: () => import('./ec2-writer.js'),
} as const;

/** The read ports and the EC2 writer, each made on its first call (a member account's too: `member-access.ts`). */
export function lazyPorts(options: ClientOptions): ReadPorts & Readonly<{ ec2Writer: Ec2Writer }> {
  const { diagnosis, ec2Writer } = LAZY_ADAPTERS;
  let ec2: Promise<EC2Client> | undefined;
  const ec2Client = () => {
    ec2 ??= diagnosis().then((m) => m.makeEc2Client(options));
    return ec2;
  };
  return {
    ecs: lazyPort(() => diagnosis().then((m) => m.makeEcsReader(options))),
    ec2: lazyPort(() => Promise.all([diagnosis(), ec2Client()]).then(([m, c]) => new m.SdkEc2Reader(c))),
    iam: lazyPort(() => LAZY_ADAPTERS.iam().then((m) => m.makeIamReader(options))),
    ecr: lazyPort(() => LAZY_ADAPTERS.ecr().then((m) => m.makeEcrReader(options))),
    secrets: lazyPort(() => LAZY_ADAPTERS.secrets().then((m) => m.makeSecretsReader(options))),
    efs: lazyPort(() => LAZY_ADAPTERS.efs().then((m) => m.makeEfsReader(options))),
    resolver: lazyPort(() => LAZY_ADAPTERS.resolver().then((m) => m.makeResolverReader(options))),
    ec2Writer: lazyPort(() =>
      Promise.all([ec2Writer(), ec2Client()]).then(([m, c]) => new m.SdkEc2Writer(c)),
    ),
  };
}

export type AwsPorts = ReadPorts &
  Readonly<{
    ec2Writer: Ec2Writer;
    /** The SNS topic's notifier, when a topic is named. */
    notifier?: Notifier;
    /** The DynamoDB incident store, when a table is named. */
    store?: IncidentStore;
    /** The incidents kept in that table (`history`, `replay --incident`), when a table is named. */
    history?: IncidentHistory;
  }>;

/** The ports on real AWS (or whatever endpoint the environment names), built once. */
export function awsPorts(options: ClientOptions & Readonly<{ topicArn?: string; table?: string }>): AwsPorts {
  const { sns, dynamodb } = makeClients(options);
  return {
    ...lazyPorts(options),
    ...(options.topicArn ? { notifier: new SnsNotifier(sns, options.topicArn) } : {}),
    ...(options.table
      ? {
          store: new DynamoIncidentStore(dynamodb, options.table),
          history: new DynamoIncidentHistory(dynamodb, options.table),
        }
      : {}),
  };
}

/** The Lambda's ports: all of them, the notifier and the incident store included. */
export function awsLambdaPorts(
  options: ClientOptions &
    Readonly<{
      topicArn: string;
      table: string;
      chatTopicArn?: string;
      onChatFailure?: ChatTopic['onFailure'];
    }>,
): AwsPorts & Readonly<{ notifier: Notifier; store: IncidentStore }> {
  const { sns, dynamodb } = makeClients(options);
  const { chatTopicArn: chat, onChatFailure: onFailure } = options;
  return {
    ...lazyPorts(options),
    notifier: new SnsNotifier(
      sns,
      options.topicArn,
      chat ? { topicArn: chat, ...(onFailure ? { onFailure } : {}) } : undefined,
    ),
    store: new DynamoIncidentStore(dynamodb, options.table),
    history: new DynamoIncidentHistory(dynamodb, options.table),
  };
}
