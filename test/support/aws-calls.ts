import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { LAMBDA_ACTIONS } from '../../src/aws/permissions.js';
import { ROOT } from './fixtures.js';

/**
 * The walk behind the least-privilege test and the reliability report: every AWS call the
 * source can make (each `new XCommand(` or `paginateX(` of an SDK client module), and what
 * the Lambda's policy grants.
 */
const SERVICE_OF_MODULE: Readonly<Record<string, string>> = {
  'client-ec2': 'ec2',
  'client-ecs': 'ecs',
  'client-sns': 'sns',
  'client-dynamodb': 'dynamodb',
  'client-iam': 'iam',
  'client-ecr': 'ecr',
  'client-secrets-manager': 'secretsmanager',
  'client-ssm': 'ssm',
  'client-route53resolver': 'route53resolver',
  'client-efs': 'elasticfilesystem',
  'client-sts': 'sts',
  'client-organizations': 'organizations',
  'client-eventbridge': 'events',
};
/** Actions the policy needs that no command names: tags given at creation, and the event source mapping's reads of the queue. */
export const IMPLIED = {
  'ec2:CreateTags':
    'CreateSecurityGroup, CreateVpcEndpoint and AuthorizeSecurityGroupIngress/Egress tag what they create (TagSpecifications): test/deploy/role.test.ts',
  'sqs:ReceiveMessage': 'Lambda’s event source mapping receives the batches with the function’s role',
  'sqs:DeleteMessage': 'Lambda’s event source mapping deletes the messages the function handled',
  'sqs:GetQueueAttributes': 'Lambda’s event source mapping reads the queue’s attributes',
} as const;
/** Calls only the CLI makes (on the user's own credentials), never the Lambda. */
export const CLI_ONLY = {
  'ecs:DescribeTasks': 'describeTask',
  'ecs:ListServices': 'listServices',
  'ecs:ListClusters': 'listClusters',
  'ecs:ListContainerInstances': 'listActiveContainerInstances',
  // Whose credentials `check` and `replay` run with (no policy can deny it).
  'sts:GetCallerIdentity': 'callerAccount',
  // scan --organization, from the management or a delegated administrator account.
  'organizations:ListAccounts': 'activeAccounts',
  // `history`: the incident history's index, with the user's credentials (docs/iam.md).
  'dynamodb:Query': 'list',
  // `managed`: what auto-fix left behind, listed and deleted with the user's credentials (docs/iam.md).
  'ecs:ListTasks': 'runningTasks',
  'ec2:DescribeSecurityGroupRules': 'managedRules',
  'ec2:DeleteVpcEndpoints': 'deleteEndpoints',
  'ec2:DeleteSecurityGroup': 'deleteSecurityGroup',
  'ec2:RevokeSecurityGroupEgress': 'revokeRule',
  'ec2:RevokeSecurityGroupIngress': 'revokeRule',
} as const;

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
export const sources = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'handlers'))].map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));

/** The actions a file's code sends: each command it constructs or paginates, by the SDK module it comes from. */
function actionsOf(text: string): string[] {
  const actions: string[] = [];
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-[a-z0-9-]+)'/g)) {
    const service = SERVICE_OF_MODULE[m[2] ?? ''];
    // A call is a command sent (`new XCommand(`) or a paginator run (`paginateX(`).
    for (const name of (m[1] ?? '').matchAll(/\b(?:paginate(\w+)|(\w+)Command)\b/g)) {
      const op = name[1] ?? name[2];
      const used = name[1] ? `paginate${op}(` : `new ${op}Command(`;
      if (service && text.includes(used)) actions.push(`${service}:${op}`);
    }
  }
  return actions;
}

export const called = new Set(sources.flatMap((s) => actionsOf(s.text)));
/** What the Lambda is granted: by its own role, and in an organisation by the member roles it assumes. */
export const granted = new Set<string>([
  ...LAMBDA_ACTIONS.reads,
  ...LAMBDA_ACTIONS.writes,
  ...LAMBDA_ACTIONS.own,
  ...LAMBDA_ACTIONS.member,
  ...LAMBDA_ACTIONS.hub,
  ...LAMBDA_ACTIONS.handoff,
]);

/** Calls the Lambda can make that its policy does not grant, and grants no call needs. */
export function privilegeGaps(): { ungranted: string[]; unused: string[] } {
  return {
    ungranted: [...called].filter((a) => !(a in CLI_ONLY) && !granted.has(a)),
    unused: [...granted].filter((a) => !called.has(a) && !(a in IMPLIED)),
  };
}

/** The source files a module reaches through its relative imports (the Lambda's code, from its handler). */
export function reachableFrom(entry: string): string[] {
  const byPath = new Map(sources.map((s) => [s.path, s.text]));
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || !byPath.has(path)) return;
    seen.add(path);
    for (const m of (byPath.get(path) ?? '').matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      visit(relative(ROOT, join(ROOT, dirname(path), `${m[1]}.ts`)));
    }
  };
  visit(entry);
  return [...seen];
}
