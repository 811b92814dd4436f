import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type {
  Busy,
  DeliveryLog,
  FixLedger,
  GroupClaim,
  IncidentWindow,
  LeaseStore,
  OpenFix,
  UnsentNotice,
} from '../core/ports.js';
import { CONDITION_FAILED, epoch, IncidentTable, N, S } from './incident-table.js';

/** Each kind of record under its own prefix of the one key, `pk`. */
const key = {
  delivery: (k: string) => ({ pk: S(`delivery#${k}`) }),
  group: (k: string) => ({ pk: S(`group#${k}`) }),
  fixed: (incidentId: string) => ({ pk: S(`fixed#${incidentId}`) }),
  fix: (workloadKey: string) => ({ pk: S(`fix#${workloadKey}`) }),
  lease: (k: string) => ({ pk: S(`lease#${k}`) }),
};

const anyOf = (...parts: string[]) => parts.map((p) => `(${p})`).join(' OR ');
const allOf = (...parts: string[]) => parts.map((p) => `(${p})`).join(' AND ');

/**
 * The conditions' parts, named. DynamoDB's TTL deletes expired items lazily (up to days
 * later: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html),
 * so no part trusts an item's absence alone: each compares `expiresAt` (or its own times)
 * with `:now` itself.
 */
const NO_ITEM = 'attribute_not_exists(pk)';
const AN_ITEM = 'attribute_exists(pk)';
const EXPIRED = 'expiresAt < :now';
const UNEXPIRED = 'expiresAt > :now';
const LEASE_IS_CALLERS = '#owner = :owner';
const NO_NOTICE_IN_WINDOW = anyOf('attribute_not_exists(lastNoticeAt)', 'lastNoticeAt <= :windowStart');
const NO_OTHERS_CLAIM = anyOf(
  'attribute_not_exists(claimUntil)',
  'claimUntil <= :now',
  'claimOwner = :owner',
);
const CLAIM_IS_CALLERS = 'claimOwner = :owner';
const NOTICE_IN_WINDOW = 'lastNoticeAt > :windowStart';
const OTHERS_CLAIM = allOf('claimUntil > :now', 'claimOwner <> :owner');
const ANOTHER_INCIDENT = 'incidentId <> :id';
const FIXED_BEFORE_TASK_CREATED = 'fixedAtMs <= :created';
const FIX_OF_CAUSE = 'cause = :cause';

/** The conditions each decision is taken on. */
const CONDITION = {
  deliveryFree: anyOf(NO_ITEM, EXPIRED),
  groupClaimable: anyOf(NO_ITEM, allOf(NO_NOTICE_IN_WINDOW, NO_OTHERS_CLAIM)),
  groupBusy: allOf(AN_ITEM, anyOf(NOTICE_IN_WINDOW, OTHERS_CLAIM)),
  claimHeld: CLAIM_IS_CALLERS,
  noticeDue: anyOf(NO_ITEM, CLAIM_IS_CALLERS, NO_NOTICE_IN_WINDOW, ANOTHER_INCIDENT),
  fixTakeable: (cause?: string) =>
    allOf(AN_ITEM, UNEXPIRED, FIXED_BEFORE_TASK_CREATED, ...(cause === undefined ? [] : [FIX_OF_CAUSE])),
  leaseFree: anyOf(NO_ITEM, EXPIRED, LEASE_IS_CALLERS),
  leaseHeld: LEASE_IS_CALLERS,
};
const OWNER_NAME = { '#owner': 'owner' };

/**
 * The incident store on DynamoDB: the delivery log, the incident windows, the fix ledger and
 * the leases in one table, key `pk` (string), TTL on `expiresAt` (epoch seconds). Every
 * decision is a conditional write (`CONDITION`), so concurrent invocations agree.
 */
export class DynamoIncidentStore implements DeliveryLog, IncidentWindow, FixLedger, LeaseStore {
  readonly #table: IncidentTable;
  constructor(db: DynamoDBClient, table: string) {
    this.#table = new IncidentTable(db, table);
  }

  // The delivery log.

  claimDelivery(k: string, now: Date, ttlSeconds: number): Promise<boolean> {
    const item = { ...key.delivery(k), expiresAt: N(epoch(now) + ttlSeconds) };
    return this.#table.put(item, { condition: CONDITION.deliveryFree, values: { ':now': N(epoch(now)) } });
  }

  async completeDelivery(k: string, now: Date, ttlSeconds: number): Promise<void> {
    await this.#table.put({ ...key.delivery(k), expiresAt: N(epoch(now) + ttlSeconds) });
  }

  async releaseDelivery(k: string): Promise<void> {
    await this.#table.delete(key.delivery(k));
  }

  // The incident windows.

  async claimGroup(
    groupKey: string,
    owner: string,
    now: Date,
    windowSeconds: number,
    claimSeconds: number,
    others = 0,
  ): Promise<GroupClaim> {
    const old = await this.#table.updateReturningOld(key.group(groupKey), {
      update: 'SET claimOwner = :owner, claimUntil = :until, expiresAt = :expires ADD folded :others',
      condition: CONDITION.groupClaimable,
      values: {
        ':owner': S(owner),
        ':until': N(epoch(now) + claimSeconds),
        ':expires': N(epoch(now) + claimSeconds + 2 * windowSeconds),
        ':windowStart': N(epoch(now) - windowSeconds),
        ':now': N(epoch(now)),
        ':others': N(others),
      },
    });
    if (old === CONDITION_FAILED) return { claimed: false };
    const unsent = old?.unsent?.S;
    return {
      claimed: true,
      folded: Number(old?.folded?.N ?? '0'),
      ...(old?.incidentId?.S === undefined ? {} : { incidentId: old.incidentId.S }),
      ...(unsent === undefined ? {} : { unsent: JSON.parse(unsent) as UnsentNotice }),
    };
  }

  foldInto(groupKey: string, stops: number, busy?: Busy): Promise<boolean> {
    const count = { update: 'ADD folded :stops', values: { ':stops': N(stops) } };
    if (!busy) return this.#table.update(key.group(groupKey), count);
    return this.#table.update(key.group(groupKey), {
      ...count,
      condition: CONDITION.groupBusy,
      values: {
        ...count.values,
        ':owner': S(busy.owner),
        ':now': N(epoch(busy.now)),
        ':windowStart': N(epoch(busy.now) - busy.windowSeconds),
      },
    });
  }

  async releaseClaim(groupKey: string, owner: string): Promise<void> {
    await this.#table.update(key.group(groupKey), {
      update: 'REMOVE claimOwner, claimUntil',
      condition: CONDITION.claimHeld,
      values: { ':owner': S(owner) },
    });
  }

  claimNotice(
    groupKey: string,
    incidentId: string,
    owner: string,
    now: Date,
    windowSeconds: number,
    told: number,
  ): Promise<boolean> {
    return this.#table.update(key.group(groupKey), {
      update:
        'SET incidentId = :id, lastNoticeAt = :now, expiresAt = :expires ADD folded :untold REMOVE claimOwner, claimUntil, unsent',
      condition: CONDITION.noticeDue,
      values: {
        ':id': S(incidentId),
        ':owner': S(owner),
        ':now': N(epoch(now)),
        ':untold': N(-told),
        ':expires': N(epoch(now) + 2 * windowSeconds),
        ':windowStart': N(epoch(now) - windowSeconds),
      },
    });
  }

  async keepUnsentNotice(groupKey: string, notice: UnsentNotice): Promise<void> {
    await this.#table.update(key.group(groupKey), {
      update: 'SET unsent = :notice REMOVE lastNoticeAt',
      values: { ':notice': S(JSON.stringify(notice)) },
    });
  }

  async reopenGroup(groupKey: string): Promise<void> {
    await this.#table.delete(key.group(groupKey));
  }

  async fixedRecently(incidentId: string, now: Date, windowSeconds: number): Promise<boolean> {
    const fixedAt = Number((await this.#table.get(key.fixed(incidentId)))?.fixedAt?.N ?? '0');
    return fixedAt > epoch(now) - windowSeconds;
  }

  async markFixed(incidentId: string, now: Date, windowSeconds: number): Promise<void> {
    const times = { fixedAt: N(epoch(now)), expiresAt: N(epoch(now) + windowSeconds) };
    await this.#table.put({ ...key.fixed(incidentId), ...times });
  }

  // The fix ledger.

  async openFix(workloadKey: string, fix: OpenFix, now: Date, ttlSeconds: number): Promise<void> {
    await this.#table.put({
      ...key.fix(workloadKey),
      fix: S(JSON.stringify(fix)),
      cause: S(fix.cause),
      fixedAtMs: N(Date.parse(fix.fixedAt)),
      expiresAt: N(epoch(now) + ttlSeconds),
    });
  }

  /** A read first (a workload with no open fix costs one read), then a conditional delete that only one caller wins. */
  async takeOpenFix(
    workloadKey: string,
    now: Date,
    createdAfter: Date,
    cause?: string,
  ): Promise<OpenFix | undefined> {
    if (!(await this.#table.get(key.fix(workloadKey)))) return undefined;
    const values = {
      ':now': N(epoch(now)),
      ':created': N(createdAfter.getTime()),
      ...(cause === undefined ? {} : { ':cause': S(cause) }),
    };
    const taken = await this.#table.deleteReturningOld(key.fix(workloadKey), {
      condition: CONDITION.fixTakeable(cause),
      values,
    });
    const text = taken === CONDITION_FAILED ? undefined : taken?.fix?.S;
    return text === undefined ? undefined : (JSON.parse(text) as OpenFix);
  }

  // The leases.

  acquire(k: string, owner: string, ttlSeconds: number, now: Date): Promise<boolean> {
    const item = { ...key.lease(k), owner: S(owner), expiresAt: N(epoch(now) + ttlSeconds) };
    const values = { ':now': N(epoch(now)), ':owner': S(owner) };
    return this.#table.put(item, { condition: CONDITION.leaseFree, values, names: OWNER_NAME });
  }

  async release(k: string, owner: string): Promise<void> {
    await this.#table.delete(key.lease(k), {
      condition: CONDITION.leaseHeld,
      values: { ':owner': S(owner) },
      names: OWNER_NAME,
    });
  }
}
