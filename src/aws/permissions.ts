import type { WriteKind } from '../core/plan.js';

/**
 * The IAM actions the Lambda's calls need: the documented set `serverless.yml` grants,
 * and nothing else (a test holds the template to it, and another holds the adapters' calls
 * to it).
 */
export const LAMBDA_ACTIONS = {
  /** The inspector's reads. */
  reads: [
    'ecs:DescribeClusters',
    'ecs:DescribeServices',
    'ecs:DescribeTaskDefinition',
    // The container instance a bridge, host or none mode task ran on, and its EC2 instance.
    'ecs:DescribeContainerInstances',
    // A Managed Instances task's capacity provider (its infrastructure role and instance profile).
    'ecs:DescribeCapacityProviders',
    'ec2:DescribeInstances',
    // A gone container instance's launch template version: what its group's next instance gets.
    'ec2:DescribeLaunchTemplateVersions',
    'ec2:DescribeDhcpOptions',
    'ec2:DescribeManagedPrefixLists',
    'ec2:DescribeNatGateways',
    'ec2:DescribeNetworkAcls',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeRouteTables',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeSubnets',
    'ec2:DescribeVpcAttribute',
    'ec2:DescribeVpcEndpoints',
    // The VPC's DHCP option set and its opt-in tag (one call).
    'ec2:DescribeVpcs',
    // The entries of the prefix lists the rules and routes name (S3's included).
    'ec2:GetManagedPrefixListEntries',
    // The Route 53 Resolver rules associated with the VPC.
    'route53resolver:ListResolverRuleAssociations',
    'route53resolver:ListResolverRules',
    // The EFS volumes' mount targets (their groups are their interfaces', ec2:DescribeNetworkInterfaces).
    'elasticfilesystem:DescribeMountTargets',
    // An EFS volume's access point and its file system's policy (IAM authorization).
    'elasticfilesystem:DescribeAccessPoints',
    'elasticfilesystem:DescribeFileSystemPolicy',
    // Beyond the network (the execution role, the image, the secrets): metadata and the
    // policy simulator (on the roles `simulatedRoles` names); nothing that returns a
    // secret's value, nor an image's layer or config (no ecr:GetDownloadUrlForLayer).
    'iam:SimulatePrincipalPolicy',
    // The role of a container instance's profile (a task with no execution role pulls with it).
    'iam:GetInstanceProfile',
    'ecr:BatchGetImage',
    'ecr:DescribeImages',
    // Which pull-through cache rule serves an image (its upstream, its credential's ARN).
    'ecr:DescribePullThroughCacheRules',
    // Whether a replication rule copies an image from another Region into the task's.
    'ecr:DescribeRegistry',
    // Which lifecycle rule could have expired a pinned digest or archived an image.
    'ecr:GetLifecyclePolicy',
    // Another account's repository policy (an image in its registry must be granted to the role).
    'ecr:GetRepositoryPolicy',
    'ecr:ListImages',
    'secretsmanager:DescribeSecret',
    'ssm:DescribeParameters',
  ],
  /**
   * Auto-fix's writes: each granted only on what carries an owner's opt-in tag or
   * ecs-pullfix's own (`WRITE_REQUESTS` says which statement allows which request).
   */
  writes: [
    'ec2:AuthorizeSecurityGroupEgress',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:CreateSecurityGroup',
    'ec2:CreateTags',
    'ec2:CreateVpcEndpoint',
    'ec2:ModifyVpcEndpoint',
  ],
  /**
   * The notice, the incident table and the events queue (the event source mapping reads it
   * with the function's role; osls grants these three for the `sqs` event): each on its one resource.
   */
  own: [
    'sns:Publish',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
  ],
  /**
   * Not calls of ours: SNS asks KMS for these with the publisher's credentials when it
   * encrypts a notice for the encrypted topic. Granted on the stack's topic key only and only
   * through SNS (`kms:ViaService`), so they decrypt nothing else (no secret's key).
   */
  viaSns: ['kms:Decrypt', 'kms:GenerateDataKey*'],
  /**
   * In an organisation, with the member role the hub assumes in a member account (and only
   * there: the hub's own account is read as before): the account's policy, on that role's own
   * tags (`src/core/member-policy.ts`), and the account's alias, which notices name. Granted by
   * `deploy/member.yml`'s `ReadThisAccountsPolicy` and `ReadThisAccountsAlias`.
   */
  member: ['iam:ListRoleTags', 'iam:ListAccountAliases'],
  /**
   * In an organisation, the hub's own: the member role of an event's account and region
   * (`serverless.yml`'s `AssumeMemberRoles`, under `HasOrganization`).
   */
  hub: ['sts:AssumeRole'],
  /**
   * With a hand-off to an AI agent only (`serverless.yml`'s `HandoffPutEvents`, under
   * `HasHandoff`): an incident it could not pin, put on the stack's hand-off bus, with
   * ecs-pullfix's source and detail type only (`events:source`, `events:detail-type`).
   */
  handoff: ['events:PutEvents'],
} as const;

/**
 * How IAM sees each write auto-fix makes: the authorizations one call makes (one per resource
 * it names, plus the `ec2:CreateTags` of the tags it creates with), as `action on resource-type`
 * (docs/iam.md, "Each write, as IAM sees it"). test/deploy/role.test.ts records the SDK calls
 * of the real executor and holds them to this.
 */
export const WRITE_AUTHORIZATIONS: Readonly<Record<WriteKind, readonly string[]>> = {
  'create-endpoint-security-group': [
    'ec2:CreateSecurityGroup on security-group',
    'ec2:CreateSecurityGroup on vpc',
    'ec2:CreateTags on security-group',
  ],
  'authorize-ingress-443': [
    'ec2:AuthorizeSecurityGroupIngress on security-group',
    'ec2:AuthorizeSecurityGroupIngress on security-group-rule',
    'ec2:CreateTags on security-group-rule',
  ],
  'authorize-egress-443': [
    'ec2:AuthorizeSecurityGroupEgress on security-group',
    'ec2:AuthorizeSecurityGroupEgress on security-group-rule',
    'ec2:CreateTags on security-group-rule',
  ],
  'create-interface-endpoint': [
    'ec2:CreateVpcEndpoint on vpc-endpoint',
    'ec2:CreateVpcEndpoint on vpc',
    'ec2:CreateVpcEndpoint on subnet',
    'ec2:CreateVpcEndpoint on security-group',
    'ec2:CreateTags on vpc-endpoint',
  ],
  'create-s3-gateway-endpoint': [
    'ec2:CreateVpcEndpoint on vpc-endpoint',
    'ec2:CreateVpcEndpoint on vpc',
    'ec2:CreateVpcEndpoint on route-table',
    'ec2:CreateTags on vpc-endpoint',
  ],
  'add-route-tables-to-s3-gateway': [
    'ec2:ModifyVpcEndpoint on vpc-endpoint',
    'ec2:ModifyVpcEndpoint on route-table',
  ],
};

/** The statements of `serverless.yml` that allow each authorization, by their Sid. */
export const WRITE_GRANTS: Readonly<Record<string, readonly string[]>> = {
  'ec2:CreateSecurityGroup on security-group': ['CreateEndpointSecurityGroup'],
  'ec2:CreateSecurityGroup on vpc': ['CreateEndpointSecurityGroupInOptedInVpcs'],
  'ec2:AuthorizeSecurityGroupIngress on security-group': [
    'AddRulesToGroupsItCreated',
    'AddRulesToOptedInGroups',
  ],
  'ec2:AuthorizeSecurityGroupEgress on security-group': [
    'AddRulesToGroupsItCreated',
    'AddRulesToOptedInGroups',
  ],
  'ec2:AuthorizeSecurityGroupIngress on security-group-rule': ['TagTheRulesItAdds'],
  'ec2:AuthorizeSecurityGroupEgress on security-group-rule': ['TagTheRulesItAdds'],
  'ec2:CreateVpcEndpoint on vpc-endpoint': ['CreateEndpoints'],
  'ec2:CreateVpcEndpoint on vpc': ['CreateEndpointsInOptedInVpcs'],
  'ec2:CreateVpcEndpoint on security-group': ['CreateEndpointsWithTheGroupItCreated'],
  'ec2:CreateVpcEndpoint on subnet': ['CreateEndpointsInTheVpcsSubnetsAndRouteTables'],
  'ec2:CreateVpcEndpoint on route-table': ['CreateEndpointsInTheVpcsSubnetsAndRouteTables'],
  'ec2:ModifyVpcEndpoint on vpc-endpoint': [
    'AddRouteTablesToGatewaysItCreated',
    'AddRouteTablesToOptedInGateways',
  ],
  'ec2:ModifyVpcEndpoint on route-table': ['AddRouteTablesOfTheGatewaysVpc'],
  'ec2:CreateTags on security-group': ['TagWhatItCreates'],
  'ec2:CreateTags on security-group-rule': ['TagWhatItCreates'],
  'ec2:CreateTags on vpc-endpoint': ['TagWhatItCreates'],
};
