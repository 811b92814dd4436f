import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoIncidentHistory, HISTORY_INDEX } from '../../src/aws/incident-history.js';
import { AwsCallError } from '../../src/errors.js';

/**
 * The history's list on DynamoDB as AWS pages it: a Query reads at most 1 MB before its
 * filter, so a page may hold fewer matches than asked, or none, with more to read. The list
 * reads on until it has one more than asked (moto answers small tables in one page, so these
 * call shapes are held here).
 */
const db = mockClient(DynamoDBClient);
const NOW = new Date('2026-12-06T12:00:00Z');

const item = (n: number, cluster = 'prod-apps') => ({
  pk: { S: `incident#inc-${n.toString(16).padStart(16, '0')}` },
  historyOf: { S: 'history' },
  historyAt: { S: `2026-12-0${n}T09:00:00.000Z#inc-${n.toString(16).padStart(16, '0')}` },
  incidentId: { S: `inc-${n.toString(16).padStart(16, '0')}` },
  at: { S: `2026-12-0${n}T09:00:00.000Z` },
  account: { S: '111122223333' },
  region: { S: 'eu-west-1' },
  clusterArn: { S: `arn:aws:ecs:eu-west-1:111122223333:cluster/${cluster}` },
  clusterName: { S: cluster },
  workload: { S: 'service:checkout' },
  cause: { S: 'network-timeout' },
  root: { S: 'no-egress-path' },
  outcome: { S: 'action-needed' },
  expiresAt: { N: '1799999999' },
});

describe(DynamoIncidentHistory.name, () => {
  beforeEach(() => db.reset());

  it('reads on past pages that matched too few, newest first, from the index (never a Scan)', async () => {
    db.on(QueryCommand)
      .resolvesOnce({ Items: [item(5)], LastEvaluatedKey: { pk: item(5).pk } })
      .resolvesOnce({ Items: [], LastEvaluatedKey: { pk: item(4).pk } })
      .resolvesOnce({ Items: [item(3), item(2)], LastEvaluatedKey: { pk: item(2).pk } });
    const page = await new DynamoIncidentHistory(new DynamoDBClient({}), 'incidents').list(
      { limit: 2, cluster: 'prod-apps' },
      NOW,
    );
    expect(page.incidents.map((s) => s.at)).toEqual(['2026-12-05T09:00:00.000Z', '2026-12-03T09:00:00.000Z']);
    expect(page.next).toBeDefined();
    expect(db).toHaveReceivedCommandTimes(QueryCommand, 3);
    expect(db).toHaveReceivedNthCommandWith(QueryCommand, 1, {
      TableName: 'incidents',
      IndexName: HISTORY_INDEX,
      ScanIndexForward: false,
      KeyConditionExpression: 'historyOf = :h',
    });
    expect(db).toHaveReceivedNthCommandWith(QueryCommand, 2, { ExclusiveStartKey: { pk: item(5).pk } });
  });

  it('says there is no more when the index is read to its end', async () => {
    db.on(QueryCommand).resolvesOnce({ Items: [item(2), item(1)] });
    const page = await new DynamoIncidentHistory(new DynamoDBClient({}), 'incidents').list({ limit: 2 }, NOW);
    expect(page.incidents).toHaveLength(2);
    expect(page.next).toBeUndefined();
  });

  it('starts the next page below the last incident listed', async () => {
    db.on(QueryCommand).resolves({ Items: [item(3), item(2), item(1)] });
    const history = new DynamoIncidentHistory(new DynamoDBClient({}), 'incidents');
    const first = await history.list({ limit: 1 }, NOW);
    await history.list({ limit: 1, after: first.next ?? '' }, NOW);
    expect(db).toHaveReceivedNthCommandWith(QueryCommand, 2, {
      KeyConditionExpression: 'historyOf = :h AND historyAt < :after',
      ExpressionAttributeValues: expect.objectContaining({ ':after': item(3).historyAt }),
    });
  });

  it('fails with the call that failed when the index is missing (a stack not updated yet)', async () => {
    db.on(QueryCommand).rejects(
      Object.assign(new Error('The table does not have the specified index: history'), {
        name: 'ValidationException',
        $metadata: {},
      }),
    );
    const list = new DynamoIncidentHistory(new DynamoDBClient({}), 'incidents').list({ limit: 2 }, NOW);
    await expect(list).rejects.toBeInstanceOf(AwsCallError);
    await expect(list).rejects.toMatchObject({ operation: 'dynamodb:Query' });
  });
});
