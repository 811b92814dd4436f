import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoIncidentStore } from '../../src/aws/incident-store.js';
import { AwsCallError } from '../../src/errors.js';
import { createIncidentTable, MOTO_URL, withoutMoto } from '../support/moto.js';
import { describeStoreContract } from '../support/store-contract.js';

/**
 * The incident store on DynamoDB (moto), held to the same contract as the one in memory: each
 * test on a table of its own, made as the stack makes it (key `pk`). moto does not enforce
 * TTL, and need not: the store's conditions compare `expiresAt` themselves, as they must on
 * DynamoDB, whose TTL deletes lazily.
 */
if (MOTO_URL === undefined) {
  withoutMoto('the DynamoDB incident store on moto');
} else {
  const db = new DynamoDBClient({
    endpoint: MOTO_URL,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const newTable = async (): Promise<string> => {
    const name = `ecs-pullfix-incidents-${randomUUID()}`;
    await createIncidentTable(db, name);
    return name;
  };

  describeStoreContract(
    'the DynamoDB incident store',
    async () => new DynamoIncidentStore(db, await newTable()),
    // DynamoDB applies a conditional write atomically; moto's threaded server does not lock
    // an item between its condition and its update, so under load two of eight concurrent
    // claims can both win. The sequential cases hold the conditions themselves.
    'moto does not serialise conditional writes to one item',
  );

  describe('the DynamoDB incident store, failing', () => {
    it('fails with the call that failed when its table is missing, never taking that for a duplicate', async () => {
      const store = new DynamoIncidentStore(db, 'ecs-pullfix-no-such-table');
      const claimed = store.claimDelivery(
        'arn:aws:ecs:eu-west-1:111122223333:task/prod-apps/0f1e#3',
        new Date(),
        180,
      );
      await expect(claimed).rejects.toBeInstanceOf(AwsCallError);
      await expect(claimed).rejects.toMatchObject({ operation: 'dynamodb:PutItem', kind: 'not-found' });
    });
  });
}
