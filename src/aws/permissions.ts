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
    'ec2:DescribeManagedPrefixLists',
    'ec2:DescribeNatGateways',
    'ec2:DescribeNetworkAcls',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeRouteTables',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeSubnets',
    'ec2:DescribeVpcAttribute',
    'ec2:DescribeVpcEndpoints',
    // Beyond the network (the execution role, the image, the secrets): metadata and the
    // policy simulator; nothing that returns a secret's value.
    'iam:SimulatePrincipalPolicy',
    'ecr:BatchGetImage',
    'ecr:DescribeImages',
    'ecr:GetDownloadUrlForLayer',
    'ecr:ListImages',
    'secretsmanager:DescribeSecret',
    'ssm:DescribeParameters',
  ],
  /** Auto-fix's writes: each granted only with a condition (a tag on what it creates, or the S3 service). */
  writes: [
    'ec2:AuthorizeSecurityGroupEgress',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:CreateSecurityGroup',
    'ec2:CreateTags',
    'ec2:CreateVpcEndpoint',
    'ec2:ModifyVpcEndpoint',
  ],
  /** The notice, the incident table and the dead-letter queue: each on its one resource. */
  own: [
    'sns:Publish',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'sqs:SendMessage',
  ],
  /**
   * Not calls of ours: SNS asks KMS for these with the publisher's credentials when it
   * encrypts a notice for the encrypted topic. Granted on the stack's topic key only and only
   * through SNS (`kms:ViaService`), so they decrypt nothing else (no secret's key).
   */
  viaSns: ['kms:Decrypt', 'kms:GenerateDataKey*'],
} as const;
