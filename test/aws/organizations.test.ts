import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { activeAccounts } from '../../src/aws/organizations.js';
import { AwsCallError } from '../../src/errors.js';

/** `scan --organization`'s accounts: organizations:ListAccounts, every page, ACTIVE only. */
const organizations = mockClient(OrganizationsClient);
const options = { region: 'us-east-1' };

beforeEach(() => organizations.reset());

describe(activeAccounts.name, () => {
  it('reads every page and keeps the ACTIVE accounts, in order', async () => {
    organizations
      .on(ListAccountsCommand, {})
      .resolves({
        Accounts: [
          { Id: '111122223333', State: 'ACTIVE' },
          { Id: '222233334444', State: 'SUSPENDED' },
        ],
        NextToken: 'page-2',
      })
      .on(ListAccountsCommand, { NextToken: 'page-2' })
      .resolves({
        Accounts: [
          { Id: '444455556666', State: 'ACTIVE' },
          { Id: '555566667777', State: 'PENDING_CLOSURE' },
          // An answer with the deprecated Status only.
          { Id: '666677778888', Status: 'ACTIVE' },
        ],
      });

    expect(await activeAccounts(options)).toEqual(['111122223333', '444455556666', '666677778888']);
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(2);
  });

  it('says where to run from when refused (not the management account or a delegated administrator)', async () => {
    organizations.on(ListAccountsCommand).rejects(
      new AccessDeniedException({
        message: 'You don’t have permissions to access this resource.',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const refusal = await activeAccounts(options).catch((e: unknown) => e);

    expect(refusal).toBeInstanceOf(AwsCallError);
    expect((refusal as AwsCallError).operation).toBe('organizations:ListAccounts');
    expect((refusal as Error).message).toMatch(
      /^organizations:ListAccounts: AccessDeniedException: refused: --organization lists the accounts from the management account or a delegated administrator/,
    );
    expect((refusal as Error).message).toContain('--accounts');
  });

  it('says the same when the account is in no organisation', async () => {
    organizations.on(ListAccountsCommand).rejects(
      new AWSOrganizationsNotInUseException({
        message: 'Your account is not a member of an organization.',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    await expect(activeAccounts(options)).rejects.toThrow(
      /AWSOrganizationsNotInUseException: refused: --organization/,
    );
  });
});
