/**
 * The organisation storm's members and events (bench/organization-storm.ts): member accounts ×
 * regions, each the storm scenario under its account id and region; the storm's events in a
 * seeded order with duplicates; STS and IAM as the member roles answer them (mocked, counted);
 * the process's memory peaks.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { IAMClient, ListAccountAliasesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { SimulatedAccount } from '../src/sim/account.js';
import { withTask } from '../src/sim/event.js';
import { mulberry32 } from '../src/sim/random.js';
import { loadScenario } from '../src/sim/scenario.js';
import { STORM_SCENARIO } from './storm.js';

export const ORGANIZATION = { id: 'o-a1b2c3d4e5', memberRoleName: 'ecs-pullfix-member' } as const;
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;
/** How long STS's credentials last (the member session's `DurationSeconds`). */
export const CREDENTIAL_LIFETIME_MS = 3_600_000;

export type OrganizationShape = Readonly<{
  accounts: number;
  regions: number;
  /** Failing services in each account × region: each one incident. */
  services: number;
  /** Events in all, the duplicates included. */
  events: number;
  /** One event in this many is delivered twice (EventBridge's at-least-once). */
  duplicateEvery: number;
  seed: number;
  /** Time between two events on the storm's clock. */
  arrivalMs?: number;
}>;

export const ORGANIZATION_STORM: OrganizationShape = {
  accounts: 200,
  regions: 3,
  services: 3,
  events: 100_000,
  duplicateEvery: 50,
  seed: 20,
};

/** A member account id: 12 digits, none the hub's. */
const accountId = (i: number) => String(200000000000 + i * 1111);

export type Member = Readonly<{ key: string; account: SimulatedAccount; base: Record<string, unknown> }>;

/** The members: the storm scenario under each account id and region. */
export function membersOf(shape: OrganizationShape): Member[] {
  const scenario = loadScenario(STORM_SCENARIO);
  const members: Member[] = [];
  for (let a = 0; a < shape.accounts; a++)
    for (const region of REGIONS.slice(0, shape.regions)) {
      const account = new SimulatedAccount({ ...scenario, account: accountId(a), region });
      members.push({ key: `${accountId(a)}/${region}`, account, base: account.event() });
    }
  return members;
}

/** Stop `n` of service `s` of a member. */
function stopOf(member: Member, s: number, n: number) {
  const event = withTask(member.base, n) as { detail: Record<string, unknown> };
  event.detail.group = `service:svc-${s}`;
  return event;
}

/** One event of the storm: its member (`account/region`) and its body, as the queue holds it. */
export type StormEvent = Readonly<{ key: string; body: string }>;

/**
 * The storm's events: every service of every member failing about as often, in a seeded
 * random order, one in `duplicateEvery` delivered again a few events later; `events` in all.
 * Kept as the queue keeps them, as text (an event's object is ten times its body's size).
 */
export function stormEvents(members: readonly Member[], shape: OrganizationShape): StormEvent[] {
  const random = mulberry32(shape.seed);
  const originals = shape.events - Math.floor(shape.events / shape.duplicateEvery);
  const groups = members.length * shape.services;
  const events = Array.from({ length: originals }, (_, i): StormEvent => {
    const g = i % groups;
    const member = members[Math.floor(g / shape.services)] as Member;
    return { key: member.key, body: JSON.stringify(stopOf(member, g % shape.services, i + 1)) };
  });
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [events[i], events[j]] = [events[j] as StormEvent, events[i] as StormEvent];
  }
  const out: StormEvent[] = [];
  const later: { at: number; event: StormEvent }[] = [];
  for (const [i, event] of events.entries()) {
    out.push(event);
    if ((i + 1) % (shape.duplicateEvery - 1) === 0 && out.length + later.length < shape.events)
      later.push({ at: i + 1 + Math.floor(random() * 20), event });
    while (later[0] && later[0].at <= i) out.push((later.shift() as { event: StormEvent }).event);
  }
  for (const l of later) out.push(l.event);
  return out;
}

/** STS and IAM as the member roles answer: credentials for one lifetime on the storm's clock, counted. */
export function simulatedSts(clock: () => number) {
  const assumed = new Map<string, number>();
  const sts = mockClient(STSClient);
  const iam = mockClient(IAMClient);
  sts.on(AssumeRoleCommand).callsFake((input: { RoleArn?: string }) => {
    const [, , , , account = '', resource = ''] = (input.RoleArn ?? '').split(':');
    const key = `${account}/${resource.replace(`role/${ORGANIZATION.memberRoleName}-`, '')}`;
    assumed.set(key, (assumed.get(key) ?? 0) + 1);
    const expiration = new Date(clock() + CREDENTIAL_LIFETIME_MS);
    return {
      Credentials: {
        AccessKeyId: 'ASIAMEMBER',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: expiration,
      },
    };
  });
  iam.on(ListRoleTagsCommand).resolves({ Tags: [] });
  iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });
  const restore = () => {
    sts.restore();
    iam.restore();
  };
  return { assumed, restore };
}

/** Peak RSS and heap, sampled with `process.memoryUsage()` at every batch and every 20 ms. */
export function memoryPeaks() {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  sample();
  const stop = () => {
    clearInterval(timer);
    sample();
    return { rss, heap };
  };
  return { sample, stop };
}

/**
 * The heap in use after a full collection (V8's `gc`, exposed for this call): what the process
 * keeps, without the garbage a sampled peak also counts.
 */
export function liveHeapMb(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  return Math.round(process.memoryUsage().heapUsed / 2 ** 20);
}
