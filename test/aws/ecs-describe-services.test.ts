import { DescribeServicesCommand, ECSClient, type Service } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkEcsReader } from '../../src/aws/ecs-reader.js';

/** `scan` describes a cluster's services 10 to a `DescribeServices` call (the API takes no more). */
const ecs = mockClient(ECSClient);
const reader = new SdkEcsReader(new ECSClient({ region: 'us-east-1' }));
const arn = (name: string) => `arn:aws:ecs:us-east-1:111122223333:service/prod-apps/${name}`;
const taskDefinition = (name: string) => `arn:aws:ecs:us-east-1:111122223333:task-definition/${name}:4`;

/** A Fargate service in awsvpc mode, as ECS describes it. */
const described = (name: string): Service => ({
  serviceName: name,
  serviceArn: arn(name),
  taskDefinition: taskDefinition(name),
  launchType: 'FARGATE',
  networkConfiguration: {
    awsvpcConfiguration: {
      subnets: ['subnet-0a5b6c7d8e9f0a1b2'],
      securityGroups: ['sg-0f0a1b2c3d4e5f6a7'],
      assignPublicIp: 'DISABLED',
    },
  },
});

beforeEach(() => {
  ecs.reset();
  // ECS answers each call with the services asked for (by name or ARN).
  ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({
    services: input.services.map((s) => described(s.split('/').pop() ?? s)),
  }));
});

describe('SdkEcsReader.describeServices', () => {
  it('describes 23 services in 3 calls of at most 10, and gives each in the order asked', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `checkout-${i + 1}`);
    const reads = await reader.describeServices('prod-apps', names);
    const asked = ecs.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input.services ?? []);
    expect(asked.map((batch) => batch.length)).toEqual([10, 10, 3]);
    expect(asked.flat()).toEqual(names);
    expect(reads.map((r) => r.service)).toEqual(names);
    expect(reads[22]).toEqual({
      service: 'checkout-23',
      facts: {
        name: 'checkout-23',
        taskDefinitionArn: taskDefinition('checkout-23'),
        launchType: 'FARGATE',
        network: {
          subnetIds: ['subnet-0a5b6c7d8e9f0a1b2'],
          securityGroupIds: ['sg-0f0a1b2c3d4e5f6a7'],
          assignPublicIp: 'DISABLED',
        },
      },
    });
  });

  it('gives a service ECS reports MISSING as missing, and the rest of its call as described', async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [described('checkout'), described('payments')],
      failures: [{ arn: arn('orders-old'), reason: 'MISSING' }],
    });
    const reads = await reader.describeServices('prod-apps', ['checkout', 'orders-old', 'payments']);
    expect(reads.map((r) => ('missing' in r ? `${r.service}: ${r.missing}` : r.service))).toEqual([
      'checkout',
      'orders-old: MISSING',
      'payments',
    ]);
  });

  it('finds a service asked by its ARN', async () => {
    const reads = await reader.describeServices('prod-apps', [arn('checkout')]);
    expect(reads).toMatchObject([{ service: arn('checkout'), facts: { name: 'checkout' } }]);
  });

  it('asks nothing for no service', async () => {
    expect(await reader.describeServices('prod-apps', [])).toEqual([]);
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(0);
  });

  it('names DescribeServices when a call is refused', async () => {
    ecs.on(DescribeServicesCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: ecs:DescribeServices'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(reader.describeServices('prod-apps', ['checkout'])).rejects.toMatchObject({
      operation: 'ecs:DescribeServices',
      kind: 'denied',
    });
  });
});
