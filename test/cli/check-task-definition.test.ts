import { describe, expect, it } from 'vitest';
import { launchTypeOf, networkOf } from '../../src/cli/check-file-command.js';
import { checkFormatOf } from '../../src/cli/check-output.js';
import { parseTaskDefinitionFile } from '../../src/cli/check-task-definition.js';
import { InvalidInputError } from '../../src/errors.js';

/** What `aws ecs register-task-definition --cli-input-json file://taskdef.json` is given. */
const registerInput = {
  family: 'checkout',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '512',
  memory: '1024',
  executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
  runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
  containerDefinitions: [
    {
      name: 'app',
      image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/checkout:1.4.3',
      portMappings: [{ containerPort: 8080 }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/checkout' } },
      secrets: [
        { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf' },
      ],
      mountPoints: [{ sourceVolume: 'assets', containerPath: '/srv', readOnly: true }],
    },
  ],
  volumes: [
    {
      name: 'assets',
      efsVolumeConfiguration: { fileSystemId: 'fs-0123', authorizationConfig: { iam: 'ENABLED' } },
    },
  ],
};

const parse = (value: unknown) => parseTaskDefinitionFile(JSON.stringify(value), 'taskdef.json');
const failure = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe(parseTaskDefinitionFile.name, () => {
  it('reads a register-task-definition input as the checks read a registered one', () => {
    const { facts, compatibilities } = parse(registerInput);
    expect(compatibilities).toEqual(['FARGATE']);
    expect(facts).toEqual({
      arn: '',
      family: 'checkout',
      executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
      networkMode: 'awsvpc',
      cpuArchitecture: 'ARM64',
      containers: [
        {
          name: 'app',
          image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/checkout:1.4.3',
          essential: true,
          logDriver: 'awslogs',
          logOptions: { 'awslogs-group': '/ecs/checkout' },
          secrets: [
            {
              name: 'DB_PASSWORD',
              valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf',
            },
          ],
          environmentFiles: [],
        },
      ],
      volumes: [{ name: 'assets', efsFileSystemId: 'fs-0123', efsIam: true, efsReadOnly: true }],
    });
  });

  it('reads describe-task-definition output, keeping the ARN ECS gave it', () => {
    const arn = 'arn:aws:ecs:us-east-1:111122223333:task-definition/checkout:17';
    const { facts } = parse({
      taskDefinition: { ...registerInput, taskDefinitionArn: arn, revision: 17 },
      tags: [],
    });
    expect(facts.arn).toBe(arn);
    expect(facts.family).toBe('checkout');
  });

  it.each([
    [
      'not JSON',
      '{"family": "checkout",',
      /^taskdef\.json is not JSON \(.*\): give the file you pass to aws ecs register-task-definition --cli-input-json$/,
    ],
    [
      'no containers',
      JSON.stringify({ family: 'checkout' }),
      /^taskdef\.json is not a task definition: containerDefinitions: /,
    ],
    [
      'a container with no image',
      JSON.stringify({ family: 'checkout', containerDefinitions: [{ name: 'app' }] }),
      /containerDefinitions\.0\.image: /,
    ],
    [
      'an empty container list',
      JSON.stringify({ ...registerInput, containerDefinitions: [] }),
      /must name at least one container/,
    ],
    [
      'a family with a slash',
      JSON.stringify({ ...registerInput, family: 'a/b' }),
      /family: must be letters, digits/,
    ],
    ['an array', '[]', /^taskdef\.json is not a task definition: expected a JSON object/],
  ])('%s: an InvalidInputError naming the file and the field', (_, text, message) => {
    expect(failure(() => parseTaskDefinitionFile(text, 'taskdef.json'))).toMatch(message);
  });
});

describe(networkOf.name, () => {
  it('reads the comma-separated ids, once each, and the public IP switch', () => {
    expect(
      networkOf({
        subnets: 'subnet-0a1b, subnet-0c2d,subnet-0a1b',
        securityGroups: 'sg-0f1e',
        assignPublicIp: true,
      }),
    ).toEqual({
      subnetIds: ['subnet-0a1b', 'subnet-0c2d'],
      securityGroupIds: ['sg-0f1e'],
      assignPublicIp: 'ENABLED',
      given: true,
    });
  });

  it.each([
    [{ securityGroups: 'sg-1' }, '--task-definition needs --subnets (the subnets the task would run in)'],
    [{ subnets: 'subnet-1' }, '--task-definition needs --security-groups (the task’s security groups)'],
    [
      { subnets: 'vpc-1', securityGroups: 'sg-1' },
      '--subnets vpc-1: expected ids like subnet-0abc…, comma-separated',
    ],
    [
      { subnets: 'subnet-1', securityGroups: 'sg-1,sg-2,sg-3,sg-4,sg-5,sg-6' },
      '--security-groups: at most 5 (a task’s awsvpc configuration takes no more)',
    ],
  ])('%j: %s', (flags, message) => {
    expect(failure(() => networkOf({ assignPublicIp: false, ...flags }))).toBe(message);
  });
});

describe(launchTypeOf.name, () => {
  const file = (compatibilities: string[]) => ({ ...parse(registerInput), compatibilities });
  it.each([
    [['FARGATE'], undefined, 'FARGATE'],
    [[], undefined, 'FARGATE'],
    [['EC2'], undefined, 'EC2'],
    [['EC2', 'FARGATE'], undefined, 'FARGATE'],
    [['FARGATE'], 'ec2', 'EC2'],
  ])('requires %j, --launch-type %s: %s', (compatibilities, flag, launchType) => {
    expect(launchTypeOf(file(compatibilities), flag)).toBe(launchType);
  });

  it('refuses a launch type it cannot check', () => {
    expect(failure(() => launchTypeOf(file([]), 'EXTERNAL'))).toBe(
      '--launch-type EXTERNAL must be FARGATE or EC2',
    );
  });
});

describe(checkFormatOf.name, () => {
  it.each([
    [{}, 'text'],
    [{ json: true }, 'json'],
    [{ format: 'github' }, 'github'],
    [{ format: 'json', json: true }, 'json'],
  ])('%j → %s', (flags, format) => {
    expect(checkFormatOf(flags)).toBe(format);
  });

  it.each([
    [{ format: 'sarif' }, '--format sarif must be one of text, json, github, junit'],
    [{ format: 'junit', json: true }, '--json and --format junit: give one of them'],
  ])('%j: %s', (flags, message) => {
    expect(failure(() => checkFormatOf(flags))).toBe(message);
  });
});
