import { describe, expect, it } from 'vitest';
import { CLI_ONLY, called, privilegeGaps, reachableFrom, sources } from '../support/aws-calls.js';

/**
 * Least privilege, checked: every AWS call the code can make is found in the source (each
 * `new XCommand` and the SDK client module it comes from), and the Lambda's policy
 * (`LAMBDA_ACTIONS`, which `template.test.ts` holds `serverless.yml` to) grants exactly
 * those, and nothing else.
 */
describe('least privilege', () => {
  it('finds the calls: the walk sees every adapter', () => {
    expect(called.size).toBeGreaterThanOrEqual(20);
    expect(called).toContain('ec2:CreateVpcEndpoint');
    expect(called).toContain('sns:Publish');
  });

  it('only the adapters in src/aws import an AWS SDK client', () => {
    const importers = sources.filter((s) => /from '@aws-sdk\/client-/.test(s.text)).map((s) => s.path);
    expect(importers.every((p) => p.startsWith('src/aws/'))).toBe(true);
  });

  it('every call the Lambda can make is granted', () => {
    expect(privilegeGaps().ungranted).toEqual([]);
  });

  it('the policy grants nothing the code does not call', () => {
    expect(privilegeGaps().unused).toEqual([]);
  });

  it('the calls kept out of the policy are never reached from the Lambda handler', () => {
    const lambdaFiles = reachableFrom('handlers/stopped-task.ts');
    expect(lambdaFiles).toContain('src/pipeline/incident.ts');
    for (const [action, method] of Object.entries(CLI_ONLY)) {
      expect(called).toContain(action);
      const users = sources
        .filter((s) => lambdaFiles.includes(s.path) && !s.path.startsWith('src/aws/'))
        .filter((s) => s.text.includes(`.${method}(`))
        .map((s) => s.path);
      expect(users, action).toEqual([]);
    }
  });
});
