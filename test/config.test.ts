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
});
