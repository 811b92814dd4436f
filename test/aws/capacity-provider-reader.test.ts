import { DescribeCapacityProvidersCommand, ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkEcsReader } from '../../src/aws/ecs-reader.js';
import { SdkIamReader } from '../../src/aws/iam-reader.js';

/** The reads behind a task on Amazon ECS Managed Instances: its capacity provider, and its infrastructure role's pass. */
const ecs = mockClient(ECSClient);
const iam = mockClient(IAMClient);
const region = { region: 'us-east-1' };
const INFRA = 'arn:aws:iam::111122223333:role/ecsInfrastructureRole';
const PROFILE = 'arn:aws:iam::111122223333:instance-profile/ledger-stack-InstanceProfile-3HV8';
const ROLE = 'arn:aws:iam::111122223333:role/ledger-stack-InstanceRole-7QX2';

beforeEach(() => {
  ecs.reset();
  iam.reset();
});

describe('SdkEcsReader.describeCapacityProvider', () => {
  const reader = new SdkEcsReader(new ECSClient(region));

  it('asks in the cluster, and gives a Managed Instances provider its infrastructure role and instance profile', async () => {
    ecs
      .on(DescribeCapacityProvidersCommand, { cluster: 'ledger', capacityProviders: ['ledger-mi'] })
      .resolves({
        capacityProviders: [
          {
            name: 'ledger-mi',
            capacityProviderArn: 'arn:aws:ecs:us-east-1:111122223333:capacity-provider/ledger-mi',
            cluster: 'ledger',
            status: 'ACTIVE',
            type: 'MANAGED_INSTANCES',
            managedInstancesProvider: {
              infrastructureRoleArn: INFRA,
              instanceLaunchTemplate: {
                ec2InstanceProfileArn: PROFILE,
                networkConfiguration: {
                  subnets: ['subnet-0b8c9d0e1f2a3b4c5'],
                  securityGroups: ['sg-0f2a3b4c5d6e7f8a1'],
                },
              },
            },
          },
        ],
      });
    expect(await reader.describeCapacityProvider('ledger', 'ledger-mi')).toEqual({
      name: 'ledger-mi',
      arn: 'arn:aws:ecs:us-east-1:111122223333:capacity-provider/ledger-mi',
      type: 'MANAGED_INSTANCES',
      infrastructureRoleArn: INFRA,
      instanceProfileArn: PROFILE,
    });
  });

  it('gives an Auto Scaling group provider its type alone', async () => {
    ecs.on(DescribeCapacityProvidersCommand).resolves({
      capacityProviders: [
        {
          name: 'ledger-asg',
          type: 'EC2_AUTOSCALING',
          autoScalingGroupProvider: {
            autoScalingGroupArn:
              'arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:1:autoScalingGroupName/ledger',
          },
        },
      ],
    });
    expect(await reader.describeCapacityProvider('ledger', 'ledger-asg')).toEqual({
      name: 'ledger-asg',
      type: 'EC2_AUTOSCALING',
    });
  });

  it('says none when ECS answers the name among its failures (MISSING)', async () => {
    ecs.on(DescribeCapacityProvidersCommand).resolves({
      capacityProviders: [],
      failures: [{ arn: 'arn:aws:ecs:us-east-1:111122223333:capacity-provider/gone', reason: 'MISSING' }],
    });
    expect(await reader.describeCapacityProvider('ledger', 'gone')).toBeUndefined();
  });

  it('fails as denied, naming the operation, when the caller may not describe it', async () => {
    ecs.on(DescribeCapacityProvidersCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: ecs:DescribeCapacityProviders'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(reader.describeCapacityProvider('ledger', 'ledger-mi')).rejects.toMatchObject({
      operation: 'ecs:DescribeCapacityProviders',
      kind: 'denied',
    });
  });
});

describe('SdkIamReader.simulatePrincipalPolicy with a condition key', () => {
  it('sends iam:PassedToService as a string context entry', async () => {
    iam.on(SimulatePrincipalPolicyCommand).resolves({
      EvaluationResults: [
        {
          EvalActionName: 'iam:PassRole',
          EvalDecision: 'implicitDeny',
          ResourceSpecificResults: [{ EvalResourceName: ROLE, EvalResourceDecision: 'implicitDeny' }],
        },
      ],
    });
    const reader = new SdkIamReader(new IAMClient(region));
    const decisions = await reader.simulatePrincipalPolicy(
      INFRA,
      [{ action: 'iam:PassRole', resource: ROLE }],
      [{ key: 'iam:PassedToService', values: ['ec2.amazonaws.com'] }],
    );
    expect(decisions).toEqual([{ action: 'iam:PassRole', resource: ROLE, decision: 'implicitDeny' }]);
    expect(iam.commandCalls(SimulatePrincipalPolicyCommand)[0]?.args[0].input).toMatchObject({
      PolicySourceArn: INFRA,
      ActionNames: ['iam:PassRole'],
      ResourceArns: [ROLE],
      ContextEntries: [
        {
          ContextKeyName: 'iam:PassedToService',
          ContextKeyValues: ['ec2.amazonaws.com'],
          ContextKeyType: 'string',
        },
      ],
    });
  });
});
