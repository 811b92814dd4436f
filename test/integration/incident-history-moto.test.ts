import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoIncidentHistory } from '../../src/aws/incident-history.js';
import { describeHistoryContract } from '../support/history-contract.js';
import { createIncidentTable, MOTO_URL, withoutMoto } from '../support/moto.js';

/**
 * The incident history on DynamoDB (moto), held to the same contract as the one in memory:
 * each test on a table of its own, made as the stack makes it (key `pk`, the `history` index).
 */
if (MOTO_URL === undefined) {
  withoutMoto('the DynamoDB incident history on moto');
} else {
  const db = new DynamoDBClient({
    endpoint: MOTO_URL,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  describeHistoryContract('the DynamoDB incident history', async () => {
    const name = `ecs-pullfix-incidents-${randomUUID()}`;
    await createIncidentTable(db, name);
    return new DynamoIncidentHistory(db, name);
  });
}
