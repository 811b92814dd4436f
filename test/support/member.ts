import { readFileSync } from 'node:fs';
import { parseCloudFormationYaml } from '../../src/deploy/cfn-yaml.js';
import { MEMBER_TEMPLATE_PATH } from '../../src/deploy/member-template.js';
import { instantiate, type StackInstance } from './cfn-stack.js';
import { ROOT } from './fixtures.js';
import type { Place, Statement } from './iam-eval.js';

/** The hub of the member tests: its account, region, bus, Lambda role and organisation. */
export const HUB = {
  account: '111122223333',
  region: 'us-east-1',
  bus: 'ecs-pullfix-prod',
  roleName: 'ecs-pullfix-prod-us-east-1-lambdaRole',
  roleArn: 'arn:aws:iam::111122223333:role/ecs-pullfix-prod-us-east-1-lambdaRole',
  organization: 'o-a1b2c3d4e5',
} as const;

/** A member account, in another region than the hub's. */
export const MEMBER: Place = { partition: 'aws', region: 'eu-west-1', account: '444455556666' };

/** The StackSet's parameters every stack instance gets (AllowAutoFix and the rest left to their defaults). */
export const STACK_SET_PARAMETERS = {
  HubAccountId: HUB.account,
  HubRegion: HUB.region,
  HubEventBusName: HUB.bus,
  HubLambdaRoleName: HUB.roleName,
  OrganizationId: HUB.organization,
} as const;

/** `deploy/member.yml` as committed, parsed. */
export const memberTemplateFile = () =>
  parseCloudFormationYaml(readFileSync(`${ROOT}${MEMBER_TEMPLATE_PATH}`, 'utf8'));

/** A stack instance of the committed template in `place`, with the StackSet's parameters and `overrides`. */
export function memberStack(overrides: Record<string, string> = {}, place: Place = MEMBER): StackInstance {
  return instantiate(memberTemplateFile(), { ...STACK_SET_PARAMETERS, ...overrides }, place);
}

type Policy = { PolicyName: string; PolicyDocument: { Statement: Statement[] } };

/** Every statement of the member role's policies in a stack instance (its own, and auto-fix's when created). */
export function memberRoleStatements(stack: StackInstance): Statement[] {
  const role = stack.resources.MemberRole?.Properties;
  const inline = (role?.Policies as Policy[] | undefined) ?? [];
  const attached = Object.values(stack.resources)
    .filter(
      (r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as unknown[]).includes(role?.RoleName),
    )
    .map((r) => r.Properties as unknown as Policy);
  return [...inline, ...attached].flatMap((p) => p.PolicyDocument.Statement);
}

/**
 * The member role's policies as the template writes them: its own, and each AWS::IAM::Policy
 * attached to it, with the condition it is created under.
 */
export function memberRolePolicies(): { condition?: string; name: string; statements: Statement[] }[] {
  type Resource = { Type: string; Condition?: string; Properties: Record<string, unknown> };
  const { Resources: resources } = memberTemplateFile() as { Resources: Record<string, Resource> };
  const own = (resources.MemberRole?.Properties.Policies ?? []) as Policy[];
  const attached = Object.values(resources).filter(
    (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === '[{"Ref":"MemberRole"}]',
  );
  return [
    ...own.map((p) => ({ name: p.PolicyName, statements: p.PolicyDocument.Statement })),
    ...attached.map((r) => {
      const p = r.Properties as unknown as Policy;
      return {
        ...(r.Condition ? { condition: r.Condition } : {}),
        name: p.PolicyName,
        statements: p.PolicyDocument.Statement,
      };
    }),
  ];
}

/** The member role's ARN in a stack instance. */
export const memberRoleArn = (stack: StackInstance, place: Place = MEMBER) =>
  `arn:${place.partition}:iam::${place.account}:role/${String(stack.resources.MemberRole?.Properties.RoleName)}`;
