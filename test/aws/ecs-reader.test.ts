import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkEcsReader } from '../../src/aws/ecs-reader.js';
import { parseDescribedTask } from '../../src/core/event.js';

const ecs = mockClient(ECSClient);
const reader = new SdkEcsReader(new ECSClient({ region: 'us-east-1' }));

describe(SdkEcsReader.name, () => {
  beforeEach(() => ecs.reset());

  it('reads what the task uses from its task definition', async () => {
    ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/billing-api:3',
        family: 'billing-api',
        executionRoleArn: 'arn:aws:iam::111122223333:role/billing-exec',
        networkMode: 'awsvpc',
        runtimePlatform: { cpuArchitecture: 'ARM64' },
        ephemeralStorage: { sizeInGiB: 50 },
        containerDefinitions: [
          {
            name: 'api',
            image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/billing-api:3.0.1',
            logConfiguration: {
              logDriver: 'awslogs',
              options: { 'awslogs-group': '/ecs/billing', 'awslogs-region': 'us-east-1' },
            },
            secrets: [
              { name: 'DB', valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-Xy12Ab' },
            ],
            environmentFiles: [{ value: 'arn:aws:s3:::config-bucket/billing.env', type: 's3' }],
          },
        ],
        volumes: [{ name: 'shared', efsVolumeConfiguration: { fileSystemId: 'fs-0a1b2c3d' } }],
      },
    });
    const td = await reader.describeTaskDefinition(
      'arn:aws:ecs:us-east-1:111122223333:task-definition/billing-api:3',
    );
    expect(ecs).toHaveReceivedCommandWith(DescribeTaskDefinitionCommand, {
      taskDefinition: 'arn:aws:ecs:us-east-1:111122223333:task-definition/billing-api:3',
    });
    expect(td).toEqual({
      arn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/billing-api:3',
      family: 'billing-api',
      executionRoleArn: 'arn:aws:iam::111122223333:role/billing-exec',
      networkMode: 'awsvpc',
      cpuArchitecture: 'ARM64',
      ephemeralStorageGiB: 50,
      containers: [
        {
          name: 'api',
          image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/billing-api:3.0.1',
          essential: true,
          logDriver: 'awslogs',
          logOptions: { 'awslogs-group': '/ecs/billing', 'awslogs-region': 'us-east-1' },
          secrets: [
            { name: 'DB', valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-Xy12Ab' },
          ],
          environmentFiles: ['arn:aws:s3:::config-bucket/billing.env'],
        },
      ],
      volumes: [{ name: 'shared', efsFileSystemId: 'fs-0a1b2c3d' }],
    });
  });

  it.each([
    ['every container mounts it read-only', [true, true], { efsReadOnly: true }],
    ['one container mounts it read-write', [true, false], {}],
    ['no container mounts it', [], {}],
  ] as const)(
    'reads the task role and an EFS volume’s authorization, read-only when %s',
    async (_, readOnly, expected) => {
      ecs.on(DescribeTaskDefinitionCommand).resolves({
        taskDefinition: {
          taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/cms:12',
          family: 'cms',
          taskRoleArn: 'arn:aws:iam::111122223333:role/cms-task-role',
          containerDefinitions: readOnly.map((ro, i) => ({
            name: `c${i}`,
            image: 'nginx:1.27',
            mountPoints: [{ sourceVolume: 'uploads', containerPath: '/srv/uploads', readOnly: ro }],
          })),
          volumes: [
            {
              name: 'uploads',
              efsVolumeConfiguration: {
                fileSystemId: 'fs-0a1b2c3d4e5f60718',
                transitEncryption: 'ENABLED',
                authorizationConfig: { accessPointId: 'fsap-0b1c2d3e4f5a60719', iam: 'ENABLED' },
              },
            },
          ],
        },
      });

      const td = await reader.describeTaskDefinition(
        'arn:aws:ecs:us-east-1:111122223333:task-definition/cms:12',
      );

      expect(td.taskRoleArn).toBe('arn:aws:iam::111122223333:role/cms-task-role');
      expect(td.volumes).toEqual([
        {
          name: 'uploads',
          efsFileSystemId: 'fs-0a1b2c3d4e5f60718',
          efsAccessPointId: 'fsap-0b1c2d3e4f5a60719',
          efsIam: true,
          ...expected,
        },
      ]);
    },
  );

  it("reads a service's awsvpc configuration", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: ['subnet-a'],
              securityGroups: ['sg-task'],
              assignPublicIp: 'ENABLED',
            },
          },
        },
      ],
    });
    expect(await reader.describeServiceNetwork('prod-apps', 'checkout')).toEqual({
      subnetIds: ['subnet-a'],
      securityGroupIds: ['sg-task'],
      assignPublicIp: 'ENABLED',
    });
    expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, {
      cluster: 'prod-apps',
      services: ['checkout'],
    });
  });

  it('answers undefined for a service ECS no longer knows', async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [], failures: [{ arn: 'checkout', reason: 'MISSING' }] });
    expect(await reader.describeServiceNetwork('prod-apps', 'checkout')).toBeUndefined();
  });

  it("reads the cluster's tags, asking for them", async () => {
    ecs.on(DescribeClustersCommand).resolves({
      clusters: [{ clusterName: 'prod-apps', tags: [{ key: 'ecs-pullfix:mode', value: 'dry-run' }] }],
    });
    expect(await reader.describeClusterTags('prod-apps')).toEqual({ 'ecs-pullfix:mode': 'dry-run' });
    expect(ecs).toHaveReceivedCommandWith(DescribeClustersCommand, {
      clusters: ['prod-apps'],
      include: ['TAGS'],
    });
  });

  it('reads a task ECS remembers in the shape the event parser takes', async () => {
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: 'arn:aws:ecs:us-east-1:111122223333:task/prod-apps/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
          clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/prod-apps',
          taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/checkout:17',
          lastStatus: 'STOPPED',
          stoppedAt: new Date('2026-11-20T09:16:07Z'),
          stoppedReason: 'Task failed to start',
          group: 'service:checkout',
          attachments: [
            { type: 'ElasticNetworkInterface', details: [{ name: 'subnetId', value: 'subnet-a' }] },
          ],
          containers: [{ name: 'app', image: 'nginx:1.27' }],
        },
      ],
    });
    const raw = await reader.describeTask('prod-apps', '0f1e2d3c4b5a69788796a5b4c3d2e1f0');
    const task = parseDescribedTask(raw, 'us-east-1');
    expect(task).toMatchObject({
      serviceName: 'checkout',
      stoppedAt: '2026-11-20T09:16:07.000Z',
      eni: { subnetId: 'subnet-a' },
    });
    expect(ecs).toHaveReceivedCommandWith(DescribeTasksCommand, {
      cluster: 'prod-apps',
      tasks: ['0f1e2d3c4b5a69788796a5b4c3d2e1f0'],
    });
  });
});
