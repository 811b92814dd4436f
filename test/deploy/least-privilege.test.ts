import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAMBDA_ACTIONS } from '../../src/aws/permissions.js';
import { ROOT } from '../support/fixtures.js';

/**
 * Least privilege, checked: every AWS call the code can make is found in the source (each
 * `new XCommand` and the SDK client module it comes from), and the Lambda's policy
 * (`LAMBDA_ACTIONS`, which `template.test.ts` holds `serverless.yml` to) grants exactly
 * those, and nothing else.
 */
const SERVICE_OF_MODULE: Readonly<Record<string, string>> = {
  'client-ec2': 'ec2',
  'client-ecs': 'ecs',
  'client-sns': 'sns',
  'client-dynamodb': 'dynamodb',
};
/** Actions the policy needs that no command names: tags given at creation, and Lambda's own dead-letter delivery. */
const IMPLIED = {
  'ec2:CreateTags': 'CreateSecurityGroup and CreateVpcEndpoint tag what they create (TagSpecifications)',
  'sqs:SendMessage': 'Lambda sends a failed event to the dead-letter queue with the function’s role',
} as const;
/** Calls only the CLI makes (on the user's own credentials), never the Lambda. */
const CLI_ONLY = { 'ecs:DescribeTasks': 'describeTask' } as const;

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
const sources = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'handlers'))].map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));

/** The actions a file's code sends: each command it constructs or paginates, by the SDK module it comes from. */
function actionsOf(text: string): string[] {
  const actions: string[] = [];
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-[a-z0-9]+)'/g)) {
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

const called = new Set(sources.flatMap((s) => actionsOf(s.text)));
const granted = new Set<string>([...LAMBDA_ACTIONS.reads, ...LAMBDA_ACTIONS.writes, ...LAMBDA_ACTIONS.own]);

describe('least privilege', () => {
  it('finds the calls: the walk sees every adapter', () => {
    expect(called.size).toBeGreaterThanOrEqual(20);
    expect(called).toContain('ec2:CreateVpcEndpoint');
    expect(called).toContain('sns:Publish');
  });

  it('only the adapters in src/aws import an AWS SDK client', () => {
    const importers = sources.filter((s) => /from '@aws-sdk\/client-/.test(s.text)).map((s) => s.path);
    expect(importers.every((p) => p.startsWith('src/aws/'))).toBe(true);
  });

  it('every call the Lambda can make is granted', () => {
    const lambdaCalls = [...called].filter((a) => !(a in CLI_ONLY));
    expect(lambdaCalls.filter((a) => !granted.has(a))).toEqual([]);
  });

  it('the policy grants nothing the code does not call', () => {
    expect([...granted].filter((a) => !called.has(a) && !(a in IMPLIED))).toEqual([]);
  });

  it('the calls kept out of the policy are made by the CLI only', () => {
    for (const [action, method] of Object.entries(CLI_ONLY)) {
      expect(called).toContain(action);
      const users = sources
        .filter((s) => !s.path.startsWith('src/aws/') && s.text.includes(`.${method}(`))
        .map((s) => s.path);
      expect(
        users.every((p) => p.startsWith('src/cli/')),
        `${action}: ${users.join(', ')}`,
      ).toBe(true);
    }
  });
});
