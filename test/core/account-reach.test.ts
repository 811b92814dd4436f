import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberPolicyOf, memberRoleArn, roleSessionName } from '../../src/core/account-reach.js';
import { DEFAULT_DEPLOYMENT_POLICY, type DeploymentPolicy } from '../../src/core/mode.js';
import { INTERFACE_SERVICES } from '../../src/core/network.js';

const HUB: DeploymentPolicy = { defaultMode: 'notify', maxEndpointsPerVpc: 6, allowedServices: ['s3'] };

describe(memberRoleArn.name, () => {
  it("names the event's region's member role in the event's account", () => {
    expect(memberRoleArn('aws', '444455556666', 'ecs-pullfix-member', 'eu-west-1')).toBe(
      'arn:aws:iam::444455556666:role/ecs-pullfix-member-eu-west-1',
    );
  });
});

describe(roleSessionName.name, () => {
  it('keeps what STS accepts and turns the rest into dots', () => {
    expect(roleSessionName('prod-eu/service:checkout')).toBe('ecs-pullfix.prod-eu.service.checkout');
  });

  it('is always a session name STS accepts, whatever the group holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(roleSessionName(text)).toMatch(/^[\w+=,.@-]{2,64}$/);
      }),
    );
  });
});

describe(memberPolicyOf.name, () => {
  it("uses the hub's defaults for a member role without tags", () => {
    expect(memberPolicyOf({}, HUB)).toEqual({ deployment: HUB, problems: [] });
  });

  it("takes the account's default mode, endpoint ceiling and services from the role's tags", () => {
    const tags = {
      'ecs-pullfix:default-mode': 'dry-run',
      'ecs-pullfix:max-endpoints-per-vpc': '2',
      'ecs-pullfix:allowed-services': 'ecr.api ecr.dkr',
      'ecs-pullfix:auto-fix': 'true',
    };
    expect(memberPolicyOf(tags, HUB)).toEqual({
      deployment: { defaultMode: 'dry-run', maxEndpointsPerVpc: 2, allowedServices: ['ecr.api', 'ecr.dkr'] },
      problems: [],
    });
  });

  it('lets an empty allowed-services tag allow every service', () => {
    expect(memberPolicyOf({ 'ecs-pullfix:allowed-services': '' }, HUB).deployment).toEqual({
      defaultMode: 'notify',
      maxEndpointsPerVpc: 6,
    });
  });

  it('caps the mode at dry-run where the member role holds no write', () => {
    expect(memberPolicyOf({ 'ecs-pullfix:auto-fix': 'false' }, DEFAULT_DEPLOYMENT_POLICY).ceiling).toBe(
      'dry-run',
    );
  });

  it("keeps the hub's default for an unusable tag, and says which", () => {
    const policy = memberPolicyOf({ 'ecs-pullfix:default-mode': 'fix-everything' }, HUB);
    expect(policy.deployment.defaultMode).toBe('notify');
    expect(policy.problems).toEqual([
      'the member role\'s tag ecs-pullfix:default-mode="fix-everything" is not usable: the hub\'s default applies',
    ]);
  });

  it('never throws, and never allows a service that is not an endpoint service, whatever the tags', () => {
    const tag = fc.constantFrom(
      'ecs-pullfix:default-mode',
      'ecs-pullfix:allowed-services',
      'ecs-pullfix:max-endpoints-per-vpc',
      'ecs-pullfix:auto-fix',
    );
    fc.assert(
      fc.property(fc.dictionary(tag, fc.string({ maxLength: 40 })), (tags) => {
        const { deployment } = memberPolicyOf(tags, HUB);
        for (const s of deployment.allowedServices ?? []) expect([...INTERFACE_SERVICES, 's3']).toContain(s);
        expect(deployment.maxEndpointsPerVpc).toBeLessThan(1000);
      }),
    );
  });
});
