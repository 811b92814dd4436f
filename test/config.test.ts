import { describe, expect, it } from 'vitest';
import { loadLambdaConfig, loadSettings } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

describe(loadSettings.name, () => {
  it('gives the defaults when no ECS_PULLFIX_* variable is set', () => {
    expect(loadSettings({ PATH: '/usr/bin' })).toEqual({
      deployment: { defaultMode: 'notify', maxEndpointsPerVpc: 6 },
      windowSeconds: 3600,
      unknown: [],
    });
  });

  it('reads every variable the Lambda is given', () => {
    expect(
      loadSettings({
        ECS_PULLFIX_DEFAULT_MODE: 'dry-run',
        ECS_PULLFIX_MAX_ENDPOINTS_PER_VPC: '2',
        ECS_PULLFIX_ALLOWED_SERVICES: 's3, ecr.api,',
        ECS_PULLFIX_WINDOW_SECONDS: '600',
        ECS_PULLFIX_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:ecs-pullfix-prod',
        ECS_PULLFIX_TABLE: 'ecs-pullfix-prod-incidents',
      }),
    ).toEqual({
      deployment: { defaultMode: 'dry-run', maxEndpointsPerVpc: 2, allowedServices: ['s3', 'ecr.api'] },
      windowSeconds: 600,
      topicArn: 'arn:aws:sns:eu-west-1:111122223333:ecs-pullfix-prod',
      table: 'ecs-pullfix-prod-incidents',
      unknown: [],
    });
  });

  it.each([
    ['ECS_PULLFIX_DEFAULT_MODE', 'autofix', 'must be one of notify, dry-run, auto-fix'],
    ['ECS_PULLFIX_MAX_ENDPOINTS_PER_VPC', '-1', 'must be a whole number from 0 to 999'],
    ['ECS_PULLFIX_ALLOWED_SERVICES', 's3,ecr', 'must list endpoint services among'],
    ['ECS_PULLFIX_WINDOW_SECONDS', '1h', 'must be a whole number of seconds'],
    ['ECS_PULLFIX_TOPIC_ARN', 'ecs-pullfix', 'must be an SNS topic ARN'],
    ['ECS_PULLFIX_CHAT_TOPIC_ARN', 'ecs-pullfix-chat', 'must be an SNS topic ARN'],
    [
      'ECS_PULLFIX_CHAT_TOPIC_ARN',
      'arn:aws:sns:us-east-1:111122223333:chat.fifo',
      'must be an SNS topic ARN',
    ],
    ['ECS_PULLFIX_TABLE', 'a b', 'must be a DynamoDB table name'],
  ])('refuses an invalid %s, naming it and its value', (name, value, message) => {
    const load = () => loadSettings({ [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`${name} (${JSON.stringify(value)}) ${message}`);
  });

  it('lists the ECS_PULLFIX_* variables it does not read (a typo is said, not silently ignored)', () => {
    expect(loadSettings({ ECS_PULLFIX_DEFAULT_MOD: 'auto-fix' }).unknown).toEqual([
      'ECS_PULLFIX_DEFAULT_MOD',
    ]);
  });
});

describe(loadLambdaConfig.name, () => {
  it('needs the topic and the table', () => {
    expect(() => loadLambdaConfig({ ECS_PULLFIX_TABLE: 'incidents' })).toThrow(
      'ECS_PULLFIX_TOPIC_ARN is required: the SNS topic notices go to',
    );
  });

  const hub = {
    ECS_PULLFIX_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:ecs-pullfix-prod',
    ECS_PULLFIX_TABLE: 'ecs-pullfix-prod-incidents',
  };

  it('sends no chat notice unless the chat topic is named (deploy parameter chat)', () => {
    expect(loadLambdaConfig(hub)).not.toHaveProperty('chatTopicArn');
    expect(
      loadLambdaConfig({
        ...hub,
        ECS_PULLFIX_CHAT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:ecs-pullfix-prod-chat',
      }).chatTopicArn,
    ).toBe('arn:aws:sns:us-east-1:111122223333:ecs-pullfix-prod-chat');
  });

  it('hands nothing off unless the hand-off bus is named (deploy parameter handoffEndpoint)', () => {
    expect(loadLambdaConfig(hub)).not.toHaveProperty('handoffBus');
    expect(loadLambdaConfig({ ...hub, ECS_PULLFIX_HANDOFF_BUS: 'ecs-pullfix-prod-handoff' }).handoffBus).toBe(
      'ecs-pullfix-prod-handoff',
    );
    expect(() => loadLambdaConfig({ ...hub, ECS_PULLFIX_HANDOFF_BUS: 'hand off' })).toThrow(
      'ECS_PULLFIX_HANDOFF_BUS ("hand off") must be an EventBridge event bus name or ARN',
    );
  });

  it('has no organisation unless one is named: a single account as before', () => {
    expect(loadLambdaConfig(hub)).not.toHaveProperty('organization');
  });

  it("reads an organisation's hub: its id and the member roles' name, ecs-pullfix-member by default", () => {
    expect(loadLambdaConfig({ ...hub, ECS_PULLFIX_ORGANIZATION_ID: 'o-a1b2c3d4e5' }).organization).toEqual({
      id: 'o-a1b2c3d4e5',
      memberRoleName: 'ecs-pullfix-member',
    });
    expect(
      loadLambdaConfig({
        ...hub,
        ECS_PULLFIX_ORGANIZATION_ID: 'o-a1b2c3d4e5',
        ECS_PULLFIX_MEMBER_ROLE_NAME: 'platform-pullfix',
      }).organization?.memberRoleName,
    ).toBe('platform-pullfix');
  });

  it.each([
    ['ECS_PULLFIX_ORGANIZATION_ID', 'a1b2c3d4e5', 'must be an organisation id'],
    ['ECS_PULLFIX_MEMBER_ROLE_NAME', 'ecs pullfix', 'must be an IAM role name prefix'],
  ])('refuses an invalid %s, naming it', (name, value, message) => {
    expect(() => loadLambdaConfig({ ...hub, [name]: value })).toThrow(
      `${name} (${JSON.stringify(value)}) ${message}`,
    );
  });
});
