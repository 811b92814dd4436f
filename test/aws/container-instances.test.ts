import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  ECSClient,
  ListContainerInstancesCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkEcsReader } from '../../src/aws/ecs-reader.js';

/** The reads `check` and `scan` make for a service in bridge, host or none mode: its cluster's instances. */
const ecs = mockClient(ECSClient);
const reader = new SdkEcsReader(new ECSClient({ region: 'us-east-1' }));
const ci = (id: string) => `arn:aws:ecs:us-east-1:111122223333:container-instance/orders-ec2/${id}`;

beforeEach(() => ecs.reset());

describe('SdkEcsReader.listActiveContainerInstances', () => {
  it('lists the ACTIVE instances (one page) and describes them in one call, with their capacity provider', async () => {
    ecs
      .on(ListContainerInstancesCommand, { cluster: 'orders-ec2', status: 'ACTIVE', maxResults: 100 })
      .resolves({ containerInstanceArns: [ci('c1b80f49'), ci('9f3e21aa')], nextToken: 'more' });
    ecs
      .on(DescribeContainerInstancesCommand, {
        cluster: 'orders-ec2',
        containerInstances: [ci('c1b80f49'), ci('9f3e21aa')],
      })
      .resolves({
        containerInstances: [
          {
            containerInstanceArn: ci('c1b80f49'),
            ec2InstanceId: 'i-0d6e5f4a3b2c1d0e9',
            status: 'ACTIVE',
            capacityProviderName: 'orders-ec2-asg',
            attributes: [
              { name: 'ecs.vpc-id', value: 'vpc-0e1f2a3b4c5d6e7f8' },
              { name: 'ecs.subnet-id', value: 'subnet-0a9b8c7d6e5f4a3b2' },
            ],
          },
          { containerInstanceArn: ci('9f3e21aa'), ec2InstanceId: 'i-0a1b2c3d4e5f60718', status: 'ACTIVE' },
        ],
      });
    expect(await reader.listActiveContainerInstances('orders-ec2')).toEqual([
      {
        arn: ci('c1b80f49'),
        ec2InstanceId: 'i-0d6e5f4a3b2c1d0e9',
        status: 'ACTIVE',
        vpcId: 'vpc-0e1f2a3b4c5d6e7f8',
        subnetId: 'subnet-0a9b8c7d6e5f4a3b2',
        capacityProviderName: 'orders-ec2-asg',
      },
      { arn: ci('9f3e21aa'), ec2InstanceId: 'i-0a1b2c3d4e5f60718', status: 'ACTIVE' },
    ]);
    // A service's next task needs one instance to stand in: the next page is never asked for.
    expect(ecs.commandCalls(ListContainerInstancesCommand)).toHaveLength(1);
  });

  it('asks nothing more of a cluster with no ACTIVE instance', async () => {
    ecs.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [] });
    expect(await reader.listActiveContainerInstances('orders-ec2')).toEqual([]);
    expect(ecs.commandCalls(DescribeContainerInstancesCommand)).toHaveLength(0);
  });

  it('names ListContainerInstances when it is refused', async () => {
    ecs.on(ListContainerInstancesCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: ecs:ListContainerInstances'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(reader.listActiveContainerInstances('orders-ec2')).rejects.toMatchObject({
      operation: 'ecs:ListContainerInstances',
      kind: 'denied',
    });
  });
});

describe('SdkEcsReader.describeService', () => {
  it('gives the capacity providers of its strategy, those with a base first, then by weight', async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: 'orders-worker',
          taskDefinition: 'arn:aws:ecs:us-east-1:111122223333:task-definition/orders-worker:9',
          capacityProviderStrategy: [
            { capacityProvider: 'orders-spot', weight: 3 },
            { capacityProvider: 'orders-on-demand', base: 2, weight: 1 },
            { capacityProvider: 'orders-arm', weight: 4 },
          ],
        },
      ],
    });
    expect(await reader.describeService('orders-ec2', 'orders-worker')).toEqual({
      name: 'orders-worker',
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/orders-worker:9',
      capacityProviders: ['orders-on-demand', 'orders-arm', 'orders-spot'],
    });
  });
});
