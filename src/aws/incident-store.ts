import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { IncidentStore, OpenFix, PendingNotice } from '../core/ports.js';
import { call, toAwsCallError } from './errors.js';

const S = (s: string) => ({ S: s });
const N = (n: number) => ({ N: String(n) });
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * The incident store on DynamoDB: one table, key `pk` (string), TTL on `expiresAt` (epoch
 * seconds). Every decision is a conditional write, so concurrent invocations agree; and
 * since DynamoDB's TTL deletes expired items lazily (up to days later), every condition
 * compares the times itself rather than trusting an item's absence.
 */
export class DynamoIncidentStore implements IncidentStore {
  readonly #db: DynamoDBClient;
  readonly #table: string;
  constructor(db: DynamoDBClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  claimDelivery(key: string, now: Date, ttlSeconds: number): Promise<boolean> {
    return this.#conditional('dynamodb:PutItem', () =>
      this.#db.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: { pk: S(`delivery#${key}`), expiresAt: N(epoch(now) + ttlSeconds) },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': N(epoch(now)) },
        }),
      ),
    );
  }

  async completeDelivery(key: string, now: Date, ttlSeconds: number): Promise<void> {
    await call('dynamodb:PutItem', () =>
      this.#db.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: { pk: S(`delivery#${key}`), expiresAt: N(epoch(now) + ttlSeconds) },
        }),
      ),
    );
  }

  async releaseDelivery(key: string): Promise<void> {
    await call('dynamodb:DeleteItem', () =>
      this.#db.send(new DeleteItemCommand({ TableName: this.#table, Key: { pk: S(`delivery#${key}`) } })),
    );
  }

  async foldOrClaim(
    groupKey: string,
    owner: string,
    now: Date,
    windowSeconds: number,
    claimSeconds: number,
  ): Promise<boolean> {
    const claimed = await this.#conditional('dynamodb:UpdateItem', () =>
      this.#db.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: { pk: S(`group#${groupKey}`) },
          UpdateExpression: 'SET claimOwner = :owner, claimUntil = :until, expiresAt = :expires',
          ConditionExpression:
            'attribute_not_exists(pk) OR ((attribute_not_exists(lastNoticeAt) OR lastNoticeAt <= :windowStart) AND (attribute_not_exists(claimUntil) OR claimUntil <= :now OR claimOwner = :owner))',
          ExpressionAttributeValues: {
            ':owner': S(owner),
            ':until': N(epoch(now) + claimSeconds),
            ':expires': N(epoch(now) + claimSeconds + 2 * windowSeconds),
            ':windowStart': N(epoch(now) - windowSeconds),
            ':now': N(epoch(now)),
          },
        }),
      ),
    );
    if (claimed) return false;
    await this.#countFold(groupKey);
    return true;
  }

  async releaseClaim(groupKey: string, owner: string): Promise<void> {
    await this.#conditional('dynamodb:UpdateItem', () =>
      this.#db.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: { pk: S(`group#${groupKey}`) },
          UpdateExpression: 'REMOVE claimOwner, claimUntil',
          ConditionExpression: 'claimOwner = :owner',
          ExpressionAttributeValues: { ':owner': S(owner) },
        }),
      ),
    );
  }

  async #countFold(groupKey: string): Promise<void> {
    await call('dynamodb:UpdateItem', () =>
      this.#db.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: { pk: S(`group#${groupKey}`) },
          UpdateExpression: 'ADD folded :one',
          ExpressionAttributeValues: { ':one': N(1) },
        }),
      ),
    );
  }

  async claimNotice(
    groupKey: string,
    incidentId: string,
    now: Date,
    windowSeconds: number,
  ): Promise<{ notify: boolean; folded: number }> {
    try {
      const out = await this.#db.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: { pk: S(`group#${groupKey}`) },
          UpdateExpression:
            'SET incidentId = :id, lastNoticeAt = :now, folded = :zero, expiresAt = :expires REMOVE claimOwner, claimUntil',
          ConditionExpression:
            'attribute_not_exists(pk) OR attribute_not_exists(lastNoticeAt) OR lastNoticeAt <= :windowStart OR incidentId <> :id',
          ExpressionAttributeValues: {
            ':id': S(incidentId),
            ':now': N(epoch(now)),
            ':zero': N(0),
            ':expires': N(epoch(now) + 2 * windowSeconds),
            ':windowStart': N(epoch(now) - windowSeconds),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const old = out.Attributes;
      // Folded into this notice: the stops since the incident's last notice, or those that
      // arrived while this one was diagnosed.
      const sameIncident = old?.incidentId === undefined || old.incidentId.S === incidentId;
      const folded = sameIncident ? Number(old?.folded?.N ?? '0') : 0;
      return { notify: true, folded };
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException))
        return call('dynamodb:UpdateItem', () => Promise.reject(e));
    }
    await this.#countFold(groupKey);
    return { notify: false, folded: 0 };
  }

  async savePendingNotice(
    deliveryKey: string,
    notice: PendingNotice,
    now: Date,
    ttlSeconds: number,
  ): Promise<void> {
    await call('dynamodb:PutItem', () =>
      this.#db.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            pk: S(`pending#${deliveryKey}`),
            notice: S(JSON.stringify(notice)),
            expiresAt: N(epoch(now) + ttlSeconds),
          },
        }),
      ),
    );
  }

  async pendingNotice(deliveryKey: string): Promise<PendingNotice | undefined> {
    const out = await call('dynamodb:GetItem', () =>
      this.#db.send(
        new GetItemCommand({
          TableName: this.#table,
          Key: { pk: S(`pending#${deliveryKey}`) },
          ConsistentRead: true,
        }),
      ),
    );
    const text = out.Item?.notice?.S;
    return text === undefined ? undefined : (JSON.parse(text) as PendingNotice);
  }

  async clearPendingNotice(deliveryKey: string): Promise<void> {
    await call('dynamodb:DeleteItem', () =>
      this.#db.send(
        new DeleteItemCommand({ TableName: this.#table, Key: { pk: S(`pending#${deliveryKey}`) } }),
      ),
    );
  }

  async fixedRecently(incidentId: string, now: Date, windowSeconds: number): Promise<boolean> {
    const out = await call('dynamodb:GetItem', () =>
      this.#db.send(
        new GetItemCommand({
          TableName: this.#table,
          Key: { pk: S(`fixed#${incidentId}`) },
          ConsistentRead: true,
        }),
      ),
    );
    const fixedAt = Number(out.Item?.fixedAt?.N ?? '0');
    return fixedAt > epoch(now) - windowSeconds;
  }

  async markFixed(incidentId: string, now: Date, windowSeconds: number): Promise<void> {
    await call('dynamodb:PutItem', () =>
      this.#db.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            pk: S(`fixed#${incidentId}`),
            fixedAt: N(epoch(now)),
            expiresAt: N(epoch(now) + windowSeconds),
          },
        }),
      ),
    );
  }

  async openFix(workloadKey: string, fix: OpenFix, now: Date, ttlSeconds: number): Promise<void> {
    await call('dynamodb:PutItem', () =>
      this.#db.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            pk: S(`fix#${workloadKey}`),
            fix: S(JSON.stringify(fix)),
            cause: S(fix.cause),
            fixedAtMs: N(Date.parse(fix.fixedAt)),
            expiresAt: N(epoch(now) + ttlSeconds),
          },
        }),
      ),
    );
  }

  /** A read first (a workload with no open fix costs one read), then a conditional delete that only one caller wins. */
  async takeOpenFix(
    workloadKey: string,
    now: Date,
    createdAfter: Date,
    cause?: string,
  ): Promise<OpenFix | undefined> {
    const key = { pk: S(`fix#${workloadKey}`) };
    const seen = await call('dynamodb:GetItem', () =>
      this.#db.send(new GetItemCommand({ TableName: this.#table, Key: key, ConsistentRead: true })),
    );
    if (!seen.Item) return undefined;
    try {
      const out = await this.#db.send(
        new DeleteItemCommand({
          TableName: this.#table,
          Key: key,
          ConditionExpression: `attribute_exists(pk) AND expiresAt > :now AND fixedAtMs <= :created${cause === undefined ? '' : ' AND cause = :cause'}`,
          ExpressionAttributeValues: {
            ':now': N(epoch(now)),
            ':created': N(createdAfter.getTime()),
            ...(cause === undefined ? {} : { ':cause': S(cause) }),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const text = out.Attributes?.fix?.S;
      return text === undefined ? undefined : (JSON.parse(text) as OpenFix);
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return undefined;
      throw toAwsCallError('dynamodb:DeleteItem', e);
    }
  }

  async reopenGroup(groupKey: string): Promise<void> {
    await call('dynamodb:DeleteItem', () =>
      this.#db.send(new DeleteItemCommand({ TableName: this.#table, Key: { pk: S(`group#${groupKey}`) } })),
    );
  }

  acquire(key: string, owner: string, ttlSeconds: number, now: Date): Promise<boolean> {
    return this.#conditional('dynamodb:PutItem', () =>
      this.#db.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: { pk: S(`lease#${key}`), owner: S(owner), expiresAt: N(epoch(now) + ttlSeconds) },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR #owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': N(epoch(now)), ':owner': S(owner) },
        }),
      ),
    );
  }

  async release(key: string, owner: string): Promise<void> {
    await this.#conditional('dynamodb:DeleteItem', () =>
      this.#db.send(
        new DeleteItemCommand({
          TableName: this.#table,
          Key: { pk: S(`lease#${key}`) },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': S(owner) },
        }),
      ),
    );
  }

  /** A conditional write: true when it took, false when its condition failed. */
  async #conditional(operation: string, send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      return call(operation, () => Promise.reject(e));
    }
  }
}
