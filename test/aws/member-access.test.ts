import { IAMClient, ListAccountAliasesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  homeOf,
  MAX_MEMBERS,
  type MemberPorts,
  memberAccess,
  REFUSED_FOR_MS,
} from '../../src/aws/member-access.js';
import { parseTaskStateChange, type StoppedTask } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';

const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);

const HOME = homeOf('arn:aws:lambda:us-east-1:111122223333:function:ecs-pullfix-prod-stoppedTask');
const HUB_PORTS = { hub: true } as unknown as MemberPorts;
const ORGANIZATION = { id: 'o-a1b2c3d4e5', memberRoleName: 'ecs-pullfix-member' };
const T0 = Date.parse('2026-12-06T10:00:00Z');

/** A stopped task of `account` in `region`, as the hub's bus forwards it. */
function taskOf(account: string, region: string, service = 'checkout'): StoppedTask {
  const arn = (kind: string) => `arn:aws:ecs:${region}:${account}:${kind}`;
  return parseTaskStateChange({
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account,
    region,
    detail: {
      clusterArn: arn('cluster/prod'),
      taskArn: arn('task/prod/0f3c9a1e5b7d4c2a8e6f1b3d5c7a9e0f'),
      taskDefinitionArn: arn(`task-definition/${service}:17`),
      group: `service:${service}`,
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
    },
  });
}

function granted(expiresAt: number) {
  return {
    Credentials: {
      AccessKeyId: 'ASIAMEMBER',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(expiresAt),
    },
  };
}

const denied = () =>
  Object.assign(
    new Error(
      'User: arn:aws:sts::111122223333:assumed-role/hub is not authorized to perform: sts:AssumeRole',
    ),
    {
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    },
  );

describe(memberAccess.name, () => {
  let clock = T0;
  const now = () => clock;
  const access = () =>
    memberAccess(HUB_PORTS, { organization: ORGANIZATION, deployment: DEFAULT_DEPLOYMENT_POLICY, now });

  beforeEach(() => {
    clock = T0;
    sts.reset();
    iam.reset();
    sts.on(AssumeRoleCommand).resolves(granted(T0 + 3600_000));
    iam.on(ListRoleTagsCommand).resolves({ Tags: [] });
    iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });
  });

  it("reads the hub's own account and region with its own ports, assuming nothing", () => {
    const accounts = access();
    expect(accounts(taskOf('111122223333', 'us-east-1'), HOME, 'ecs-pullfix.prod')).toEqual({
      ports: HUB_PORTS,
    });
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });

  it("assumes the event's region's member role in the event's account, with the group in the session name", async () => {
    const { ports, reach } = access()(
      taskOf('444455556666', 'eu-west-1'),
      HOME,
      'ecs-pullfix.prod.service.checkout',
    );
    expect(ports).not.toBe(HUB_PORTS);
    expect(await reach?.()).toEqual({ readable: true, deployment: DEFAULT_DEPLOYMENT_POLICY });
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws:iam::444455556666:role/ecs-pullfix-member-eu-west-1',
      RoleSessionName: 'ecs-pullfix.prod.service.checkout',
    });
  });

  it('assumes a role once for 1,000 events of one account, concurrent or not, within the credentials’ life', async () => {
    const accounts = access();
    const first = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        accounts(taskOf('444455556666', 'eu-west-1', `svc-${i}`), HOME, `s-${i}`).reach?.(),
      ),
    );
    for (let i = 0; i < 500; i++) {
      clock += 6_000; // 500 × 6 s: 50 minutes, short of the refresh five minutes before expiry.
      await accounts(taskOf('444455556666', 'eu-west-1', `late-${i}`), HOME, `t-${i}`).reach?.();
    }
    expect(first.every((r) => r?.readable)).toBe(true);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(iam).toHaveReceivedCommandTimes(ListRoleTagsCommand, 1);
  });

  it('assumes again once the credentials are within five minutes of expiring', async () => {
    const accounts = access();
    const reach = () => accounts(taskOf('444455556666', 'eu-west-1'), HOME, 's').reach?.();
    await reach();
    clock = T0 + 55 * 60_000 + 1;
    sts.on(AssumeRoleCommand).resolves(granted(clock + 3600_000));
    await reach();
    await reach();
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('keeps the accounts and regions apart: a role per account and region', async () => {
    const accounts = access();
    for (const [account, region] of [
      ['444455556666', 'eu-west-1'],
      ['444455556666', 'us-east-1'],
      ['777788889999', 'eu-west-1'],
      ['444455556666', 'eu-west-1'],
    ] as const)
      await accounts(taskOf(account, region), HOME, 's').reach?.();
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 3);
  });

  it('keeps at most MAX_MEMBERS accounts and regions, the oldest out first', async () => {
    const accounts = access();
    const accountNo = (i: number) => String(100000000000 + i);
    for (let i = 0; i <= MAX_MEMBERS; i++)
      await accounts(taskOf(accountNo(i), 'eu-west-1'), HOME, 's').reach?.();
    await accounts(taskOf(accountNo(MAX_MEMBERS), 'eu-west-1'), HOME, 's').reach?.();
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, MAX_MEMBERS + 1);
    await accounts(taskOf(accountNo(0), 'eu-west-1'), HOME, 's').reach?.();
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, MAX_MEMBERS + 2);
  });

  it("applies the member role's tags as the account's policy, and names the account by its alias", async () => {
    iam.on(ListRoleTagsCommand, { RoleName: 'ecs-pullfix-member-eu-west-1' }).resolves({
      Tags: [
        { Key: 'ecs-pullfix:default-mode', Value: 'dry-run' },
        { Key: 'ecs-pullfix:allowed-services', Value: 'ecr.api ecr.dkr' },
        { Key: 'ecs-pullfix:max-endpoints-per-vpc', Value: '3' },
        { Key: 'ecs-pullfix:auto-fix', Value: 'false' },
      ],
    });
    iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: ['payments-prod'] });
    expect(await access()(taskOf('444455556666', 'eu-west-1'), HOME, 's').reach?.()).toEqual({
      readable: true,
      deployment: { defaultMode: 'dry-run', maxEndpointsPerVpc: 3, allowedServices: ['ecr.api', 'ecr.dkr'] },
      ceiling: 'dry-run',
      alias: 'payments-prod',
    });
  });

  it("uses the hub's defaults when the role's tags cannot be read, and no alias when there is none to read", async () => {
    iam.on(ListRoleTagsCommand).rejects(denied());
    iam.on(ListAccountAliasesCommand).rejects(denied());
    expect(await access()(taskOf('444455556666', 'eu-west-1'), HOME, 's').reach?.()).toEqual({
      readable: true,
      deployment: DEFAULT_DEPLOYMENT_POLICY,
    });
  });

  it('says a member whose role is missing or refuses cannot be read, asking STS once in a few minutes', async () => {
    sts.on(AssumeRoleCommand).rejects(denied());
    const accounts = access();
    const reaches = await Promise.all(
      ['a', 'b', 'c'].map((s) => accounts(taskOf('444455556666', 'eu-west-1', s), HOME, s).reach?.()),
    );
    expect(reaches[0]).toEqual({
      readable: false,
      why: expect.stringContaining(
        'ecs-pullfix cannot read account 444455556666 in eu-west-1: assuming its role ecs-pullfix-member-eu-west-1 was refused (AccessDenied)',
      ),
    });
    expect(reaches[0]?.readable === false && reaches[0].why).toContain('Deploy the member StackSet');
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    clock += REFUSED_FOR_MS;
    await accounts(taskOf('444455556666', 'eu-west-1'), HOME, 's').reach?.();
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('throws a throttled or failing STS, so that the batch is retried, and asks again on the retry', async () => {
    sts.reset();
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $fault: 'client' }))
      .resolves(granted(T0 + 3600_000));
    const accounts = access();
    const reach = () => accounts(taskOf('444455556666', 'eu-west-1'), HOME, 's').reach?.();
    await expect(reach()).rejects.toThrow('sts:AssumeRole: Throttling: Rate exceeded');
    expect(await reach()).toMatchObject({ readable: true });
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('without an organisation, reads its own account as before and says another cannot be read, with no call', async () => {
    const accounts = memberAccess(HUB_PORTS, { deployment: DEFAULT_DEPLOYMENT_POLICY });
    expect(accounts(taskOf('111122223333', 'us-east-1'), HOME, 's')).toEqual({ ports: HUB_PORTS });
    const other = accounts(taskOf('444455556666', 'eu-west-1'), HOME, 's');
    expect(await other.reach?.()).toEqual({
      readable: false,
      why: expect.stringContaining(
        'not checked: the event is from account 444455556666, and this deployment (account 111122223333) has no organisation',
      ),
    });
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });
});

describe(homeOf.name, () => {
  it("reads the hub's partition, account and region from its function's ARN", () => {
    expect(homeOf('arn:aws-cn:lambda:cn-north-1:111122223333:function:ecs-pullfix')).toEqual({
      partition: 'aws-cn',
      account: '111122223333',
      region: 'cn-north-1',
    });
    expect(homeOf('not an arn')).toBeUndefined();
  });
});
