import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { VERSION } from '../version.js';

/** The version in the user agent of every call, so that CloudTrail shows who read or wrote. */
export const USER_AGENT = ['ecs-pullfix', VERSION] as const;

export type ClientOptions = Readonly<{
  /** Else the standard environment: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's region. */
  region?: string;
  /** Else `AWS_PROFILE`, else the default credential chain. */
  profile?: string;
  /** Attempts per call, the first included (adaptive retry mode: backs off and rate-limits on throttling). */
  maxAttempts?: number;
  /** Endpoint URLs per client, resolved by the CLI (`resolveAwsEnvironment`); else the SDK's own. */
  endpoints?: Readonly<Partial<Record<ServiceKey, string>>>;
  /** Else the default chain (or the profile's): a member account's, from its role (`member-access.ts`). */
  credentials?: CredentialsProvider;
}>;

/** Temporary credentials, asked for again by the SDK shortly before `expiration`. */
export type CredentialsProvider = () => Promise<
  Readonly<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>
>;

/** The clients ecs-pullfix makes, by name. */
export type ServiceKey =
  | 'ecs'
  | 'ec2'
  | 'sns'
  | 'dynamodb'
  | 'iam'
  | 'ecr'
  | 'secretsManager'
  | 'ssm'
  | 'route53resolver'
  | 'efs'
  | 'sts';

/** Per-request time limits: a hung connection must not eat the Lambda's whole budget. */
const REQUEST_HANDLER = { connectionTimeout: 3_000, requestTimeout: 10_000 } as const;

/**
 * The one client factory. Region, credentials and endpoints come from the standard AWS
 * environment (`AWS_REGION`, `AWS_PROFILE`, credentials, `AWS_ENDPOINT_URL`,
 * `AWS_ENDPOINT_URL_ECS`, `AWS_ENDPOINT_URL_EC2` …), which the SDK reads itself, so the
 * same code runs against AWS, moto or any AWS-compatible endpoint; flags override.
 *
 * These are the clients the Lambda makes at init: SNS and DynamoDB, which every event may
 * use. The others are made by their adapter's module, with `clientConfig`, when the adapter is
 * first called (`src/aws/ports.ts`, `LAZY_ADAPTERS`), so that the init phase loads none of them.
 */
export function makeClients(options: ClientOptions = {}): Readonly<{
  sns: SNSClient;
  dynamodb: DynamoDBClient;
}> {
  const config = (key: ServiceKey) => clientConfig(options, key);
  return {
    sns: new SNSClient(config('sns')),
    dynamodb: new DynamoDBClient(config('dynamodb')),
  };
}

/** One client a Region, made when first asked for. */
export function perRegion<C>(make: (region: string) => C): (region: string) => C {
  const made = new Map<string, C>();
  return (region) => {
    const client = made.get(region) ?? make(region);
    made.set(region, client);
    return client;
  };
}

/** The configuration of the client for `key`: the same retries, time limits and user agent for every client. */
export function clientConfig(options: ClientOptions, key: ServiceKey) {
  const endpoint = options.endpoints?.[key];
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? 5,
    customUserAgent: USER_AGENT.join('/'),
    requestHandler: { ...REQUEST_HANDLER },
    ...(endpoint === undefined ? {} : { endpoint }),
  };
}
