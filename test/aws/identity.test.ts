import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { callerAccount, matchAccount } from '../../src/aws/identity.js';

const sts = mockClient(STSClient);
const options = { region: 'us-east-1' };
const caller = () => callerAccount(options);
const IDENTITY = {
  UserId: 'AIDAJQABLZS4A3QDU576Q',
  Account: '123456789012',
  Arn: 'arn:aws:iam::123456789012:user/ops',
};

describe(matchAccount.name, () => {
  beforeEach(() => sts.reset());

  it('names the credentials’ account when the event is from another one', async () => {
    sts.on(GetCallerIdentityCommand).resolves(IDENTITY);
    expect(await matchAccount('111122223333', caller)).toEqual({
      kind: 'other',
      callerAccount: '123456789012',
    });
    expect(sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1);
  });

  it('has nothing to say when the event is from the credentials’ account', async () => {
    sts.on(GetCallerIdentityCommand).resolves(IDENTITY);
    expect(await matchAccount('123456789012', caller)).toEqual({ kind: 'same' });
  });

  it.each([
    ['throttled', Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $fault: 'client' })],
    [
      'an endpoint without STS',
      Object.assign(new Error('The action GetCallerIdentity is not valid'), {
        name: 'InvalidAction',
        $fault: 'client',
      }),
    ],
  ])('does not stop the command when GetCallerIdentity fails (%s): the reason, to say', async (_, error) => {
    sts.on(GetCallerIdentityCommand).rejects(error);
    const match = await matchAccount('111122223333', caller);
    expect(match).toEqual({
      kind: 'unknown',
      reason: expect.stringContaining(`sts:GetCallerIdentity: ${error.name}: ${error.message}`),
    });
  });

  it('does not take an answer without an account for one', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ UserId: 'AIDAJQABLZS4A3QDU576Q' });
    expect(await matchAccount('111122223333', caller)).toEqual({
      kind: 'unknown',
      reason: 'sts:GetCallerIdentity answered no account',
    });
  });
});
