import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { call, toAwsCallError } from './errors.js';

export type Item = Record<string, AttributeValue>;
export type Values = Record<string, AttributeValue>;

export const S = (s: string): AttributeValue => ({ S: s });
export const N = (n: number): AttributeValue => ({ N: String(n) });
/** Times in the table are epoch seconds, as DynamoDB's TTL reads them. */
export const epoch = (d: Date): number => Math.floor(d.getTime() / 1000);

/** A write's condition: the expression, the values it compares with, the names it escapes. */
export type Condition = Readonly<{ condition: string; values: Values; names?: Record<string, string> }>;
/** An update: its expression and values, and the condition it is made on, if any. */
export type Change = Readonly<{ update: string; values: Values; condition?: string }>;

/** The write's answer when its condition did not hold. */
export const CONDITION_FAILED = 'condition-failed';

/**
 * The incident table, item by item: every write conditional or not, a failed condition an
 * answer (not an error), and every other fault an `AwsCallError` of the operation.
 */
export class IncidentTable {
  readonly #db: DynamoDBClient;
  readonly #table: string;
  constructor(db: DynamoDBClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  /** `PutItem`: false when its condition failed. */
  put(item: Item, when?: Condition): Promise<boolean> {
    const request = { TableName: this.#table, Item: item, ...requestOf(when) };
    return taken('dynamodb:PutItem', () => this.#db.send(new PutItemCommand(request)));
  }

  /** `UpdateItem`: false when its condition failed. */
  update(key: Item, change: Change): Promise<boolean> {
    return taken('dynamodb:UpdateItem', () => this.#db.send(this.#updateCommand(key, change)));
  }

  /** `UpdateItem`: the item as it was before (undefined when there was none), or {@link CONDITION_FAILED}. */
  async updateReturningOld(key: Item, change: Change): Promise<Item | undefined | typeof CONDITION_FAILED> {
    try {
      return (await this.#db.send(this.#updateCommand(key, change, 'ALL_OLD'))).Attributes;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return CONDITION_FAILED;
      throw toAwsCallError('dynamodb:UpdateItem', e);
    }
  }

  /** `DeleteItem`: false when its condition failed. */
  delete(key: Item, when?: Condition): Promise<boolean> {
    const request = { TableName: this.#table, Key: key, ...requestOf(when) };
    return taken('dynamodb:DeleteItem', () => this.#db.send(new DeleteItemCommand(request)));
  }

  /** `DeleteItem`: the item deleted (undefined when there was none), or {@link CONDITION_FAILED}. */
  async deleteReturningOld(key: Item, when: Condition): Promise<Item | undefined | typeof CONDITION_FAILED> {
    const request = {
      TableName: this.#table,
      Key: key,
      ...requestOf(when),
      ReturnValues: 'ALL_OLD' as const,
    };
    try {
      return (await this.#db.send(new DeleteItemCommand(request))).Attributes;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return CONDITION_FAILED;
      throw toAwsCallError('dynamodb:DeleteItem', e);
    }
  }

  /** `GetItem`, strongly consistent (a decision read right after another invocation's write). */
  async get(key: Item): Promise<Item | undefined> {
    const request = { TableName: this.#table, Key: key, ConsistentRead: true };
    return (await call('dynamodb:GetItem', () => this.#db.send(new GetItemCommand(request)))).Item;
  }

  #updateCommand(key: Item, { update, values, condition }: Change, returnValues?: 'ALL_OLD') {
    return new UpdateItemCommand({
      TableName: this.#table,
      Key: key,
      UpdateExpression: update,
      ...(condition === undefined ? {} : { ConditionExpression: condition }),
      ExpressionAttributeValues: values,
      ...(returnValues ? { ReturnValues: returnValues } : {}),
    });
  }
}

/** A condition's request fields (none for an unconditional write). */
function requestOf(when: Condition | undefined) {
  if (when === undefined) return {};
  const names = when.names ? { ExpressionAttributeNames: when.names } : {};
  return { ConditionExpression: when.condition, ExpressionAttributeValues: when.values, ...names };
}

/** A write sent: true when it took, false when its condition failed. */
async function taken(operation: string, send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw toAwsCallError(operation, e);
  }
}
