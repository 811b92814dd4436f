import { describe, expect, it } from 'vitest';
import { type RoleCredentials, renewing } from '../../src/aws/assume-role.js';
import { memberAccess, roleArnOf } from '../../src/cli/member-access.js';
import type { ReadPorts } from '../../src/core/ports.js';
import { AwsCallError } from '../../src/errors.js';
import { SimulatedFleet } from '../../src/sim/fleet.js';
import { loadScenario } from '../../src/sim/scenario.js';

const PORTS: ReadPorts = new SimulatedFleet([{ scenario: loadScenario('nat-gateway-failed'), copies: 1 }]);
const credentials = (key: string, expiresInMs = 3_600_000, now = Date.now()): RoleCredentials => ({
  accessKeyId: key,
  secretAccessKey: 'secret',
  sessionToken: 'token',
  expiration: new Date(now + expiresInMs),
});

/** The access with an `assume` that records each role and refuses those in `refused`. */
const accessWith = (refused: Record<string, string> = {}) => {
  const assumed: string[] = [];
  const signedWith: (string | undefined)[] = [];
  const access = memberAccess({
    caller: '111122223333',
    region: 'eu-west-1',
    roleName: 'ecs-pullfix-member-eu-west-1',
    assume: async (roleArn) => {
      assumed.push(roleArn);
      const code = Object.entries(refused).find(([account]) => roleArn.includes(`::${account}:`))?.[1];
      if (code)
        throw new AwsCallError('sts:AssumeRole', code, 'denied', 'not authorized to perform sts:AssumeRole');
      return credentials(`ASIA${assumed.length}`);
    },
    renew: renewing,
    portsWith: (provider) => {
      signedWith.push(provider === undefined ? undefined : 'role');
      return PORTS;
    },
  });
  return { access, assumed, signedWith };
};

describe(memberAccess.name, () => {
  it('assumes the member role of another account once, and reads it with the role’s credentials', async () => {
    const { access, assumed, signedWith } = accessWith();

    const reached = await access('444455556666');

    expect(reached.kind).toBe('ports');
    expect(assumed).toEqual(['arn:aws:iam::444455556666:role/ecs-pullfix-member-eu-west-1']);
    expect(signedWith).toEqual(['role']);
  });

  it('reads the caller’s own account with the caller’s credentials, assuming nothing', async () => {
    const { access, assumed, signedWith } = accessWith();

    await access('111122223333');

    expect(assumed).toEqual([]);
    expect(signedWith).toEqual([undefined]);
  });

  it('gives a role that cannot be assumed as refused, with its ARN and STS’s code', async () => {
    const { access } = accessWith({ '444455556666': 'AccessDenied' });

    expect(await access('444455556666')).toEqual({
      kind: 'refused',
      roleArn: 'arn:aws:iam::444455556666:role/ecs-pullfix-member-eu-west-1',
      code: 'AccessDenied',
    });
  });
});

describe(roleArnOf.name, () => {
  it.each([
    ['us-east-1', 'arn:aws:iam::111122223333:role/r-us-east-1'],
    ['cn-north-1', 'arn:aws-cn:iam::111122223333:role/r-cn-north-1'],
    ['us-gov-west-1', 'arn:aws-us-gov:iam::111122223333:role/r-us-gov-west-1'],
  ])('names the role in %s’s partition', (region, arn) => {
    expect(roleArnOf('111122223333', `r-${region}`, region)).toBe(arn);
  });
});

describe(renewing.name, () => {
  it('serves the first credentials until five minutes before they expire, then assumes again once', async () => {
    let now = 0;
    let again = 0;
    const provider = renewing(
      credentials('ASIA1', 3_600_000, 0),
      async () => {
        again++;
        return credentials('ASIA2', 3_600_000, now);
      },
      () => now,
    );

    now = 3_000_000;
    expect((await provider()).accessKeyId).toBe('ASIA1');
    now = 3_300_000;
    const [a, b] = await Promise.all([provider(), provider()]);
    expect([a.accessKeyId, b.accessKeyId, again]).toEqual(['ASIA2', 'ASIA2', 1]);
  });
});
