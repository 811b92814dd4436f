import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../src/core/causes.js';
import { incidentIdOf } from '../../src/core/incident.js';
import {
  deliveryKeyOf,
  fixRetryKeyOf,
  groupKeyOf,
  joinKey,
  workloadKeyOf,
  workloadOf,
} from '../../src/core/keys.js';

/**
 * The incident store's keys are policy (conventions, 10): the same task always has the same
 * keys, and two workloads, groups, deliveries or incidents never share one — even when an
 * event's names hold the separators (`|`, `#`, `service:`), which ECS's own names never do
 * but an event's are not checked for.
 */

// Few characters, separators among them, so that generated names often collide when joined bare.
const piece = fc.constantFrom('a', 'b', '|', '||', '#', ':', 'service:', 'family:');
const name = fc.array(piece, { maxLength: 5 }).map((parts) => parts.join(''));
const cluster = name.map((n) => `arn:aws:ecs:eu-west-1:111122223333:cluster/${n}`);
const workload = fc.record({
  clusterArn: cluster,
  serviceName: fc.option(name, { nil: undefined }),
  family: name,
});
type Workload = Readonly<{ clusterArn: string; serviceName?: string | undefined; family: string }>;
/** Two tasks are of the same workload when ECS would say so: same cluster, and same service (or, without one, family). */
const sameWorkload = (a: Workload, b: Workload) =>
  a.clusterArn === b.clusterArn &&
  (a.serviceName || undefined) === (b.serviceName || undefined) &&
  (a.serviceName ? true : a.family === b.family);
const cause = fc.constantFrom(...CAUSES);

// What ECS accepts in a cluster, service or family name: letters, digits, hyphens and underscores.
const ecsName = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);

describe(workloadKeyOf.name, () => {
  it('gives two tasks the same key exactly when they are of the same workload', () => {
    fc.assert(
      fc.property(workload, workload, (a, b) => {
        expect(workloadKeyOf(a) === workloadKeyOf(b)).toBe(sameWorkload(a, b));
      }),
      { numRuns: 2_000 },
    );
  });

  it('tells apart the workloads a bare join confuses: a cluster ARN that holds `|service:`', () => {
    const arn = 'arn:aws:ecs:eu-west-1:111122223333:cluster/';
    const bare = (w: Workload) => `${w.clusterArn}|${workloadOf(w)}`;
    fc.assert(
      fc.property(
        name,
        name,
        name.filter((n) => n !== ''),
        (p, q, r) => {
          const left = { clusterArn: `${arn}${p}|service:${q}`, serviceName: r, family: 'web' };
          const right = { clusterArn: `${arn}${p}`, serviceName: `${q}|service:${r}`, family: 'web' };
          expect(bare(left)).toBe(bare(right));
          expect(workloadKeyOf(left)).not.toBe(workloadKeyOf(right));
          expect(groupKeyOf(left, 'network-timeout')).not.toBe(groupKeyOf(right, 'network-timeout'));
        },
      ),
    );
  });

  it('keys real ECS names as before: cluster ARN and workload joined by `|`', () => {
    fc.assert(
      fc.property(ecsName, fc.option(ecsName, { nil: undefined }), ecsName, (c, service, family) => {
        const task = {
          clusterArn: `arn:aws:ecs:eu-west-1:111122223333:cluster/${c}`,
          serviceName: service,
          family,
        };
        expect(workloadKeyOf(task)).toBe(`${task.clusterArn}|${workloadOf(task)}`);
      }),
    );
  });
});

describe(groupKeyOf.name, () => {
  it('gives two stops the same group exactly when they are of the same workload and cause', () => {
    fc.assert(
      fc.property(workload, cause, workload, cause, (a, causeA, b, causeB) => {
        const same = sameWorkload(a, b) && causeA === causeB;
        expect(groupKeyOf(a, causeA) === groupKeyOf(b, causeB)).toBe(same);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keys real ECS names as before: the workload key and the cause joined by `|`', () => {
    fc.assert(
      fc.property(ecsName, ecsName, cause, (c, service, why) => {
        const task = {
          clusterArn: `arn:aws:ecs:us-east-1:111122223333:cluster/${c}`,
          serviceName: service,
          family: 'x',
        };
        expect(groupKeyOf(task, why)).toBe(`${task.clusterArn}|service:${service}|${why}`);
      }),
    );
  });
});

describe(deliveryKeyOf.name, () => {
  const taskArn = name.map((n) => `arn:aws:ecs:eu-west-1:111122223333:task/prod-apps/${n}`);
  const version = fc.option(fc.integer({ min: 0, max: 2 ** 40 }), { nil: undefined });

  it('gives two deliveries the same key exactly when they share task ARN and event version', () => {
    fc.assert(
      fc.property(taskArn, version, taskArn, version, (arnA, versionA, arnB, versionB) => {
        const same = arnA === arnB && versionA === versionB;
        expect(
          deliveryKeyOf({ taskArn: arnA, version: versionA }) ===
            deliveryKeyOf({ taskArn: arnB, version: versionB }),
        ).toBe(same);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps the retry of a delivery’s fix apart from every delivery', () => {
    fc.assert(
      fc.property(taskArn, version, taskArn, version, (arnA, versionA, arnB, versionB) => {
        const retry = fixRetryKeyOf(deliveryKeyOf({ taskArn: arnA, version: versionA }));
        expect(retry).not.toBe(deliveryKeyOf({ taskArn: arnB, version: versionB }));
      }),
    );
  });

  it('names a delivery by its task ARN and version', () => {
    const arn = 'arn:aws:ecs:eu-west-1:111122223333:task/prod-apps/0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    expect(deliveryKeyOf({ taskArn: arn, version: 3 })).toBe(`${arn}#3`);
    expect(deliveryKeyOf({ taskArn: arn })).toBe(`${arn}#unversioned`);
  });
});

describe(incidentIdOf.name, () => {
  const root = fc.oneof(
    fc.constant('none'),
    fc
      .constantFrom('missing-endpoint', 'no-egress-path', 'secret-missing')
      .chain((id) => name.map((n) => `${id}:${n}`)),
  );
  const incident = fc.record({ cluster, workload: workload.map(workloadOf), cause, root });

  it('gives two incident keys the same id only when they are the same key', () => {
    fc.assert(
      fc.property(incident, incident, (a, b) => {
        expect(incidentIdOf(a) === incidentIdOf(b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps the ids incidents already have (they tag what auto-fix created)', () => {
    const key = {
      cluster: 'arn:aws:ecs:eu-west-1:111122223333:cluster/prod-apps',
      workload: 'service:checkout',
      cause: 'network-timeout' as const,
      root: 'missing-endpoint:ecr.dkr',
    };
    expect(incidentIdOf(key)).toBe('inc-f2b7946f540ee484');
    const odd = {
      ...key,
      cluster: `${key.cluster.replace('prod-apps', 'a|b')}`,
      workload: 'service:x|y',
      root: 'none',
    };
    expect(incidentIdOf(odd)).toBe('inc-bba9a5d1a50be73f');
  });
});

describe(joinKey.name, () => {
  // Parts after the first are never empty and never begin with `|` (a workload begins with its kind, a cause and a root with a letter).
  const rest = name.filter((n) => n !== '' && !n.startsWith('|'));
  const parts = fc
    .tuple(name, fc.array(rest, { minLength: 1, maxLength: 3 }))
    .map(([first, more]) => [first, ...more]);

  it('keeps apart the parts a bare join confuses: a `|` inside a part moved to the boundary', () => {
    fc.assert(
      fc.property(parts, fc.nat(), fc.nat(), (a, i, j) => {
        // b: part k of a cut at one of its `|`, its tail prepended to part k + 1.
        const k = i % (a.length - 1);
        const bars = [...(a[k] ?? '').matchAll(/\|/g)].map((m) => m.index);
        fc.pre(bars.length > 0);
        const at = bars[j % bars.length] ?? 0;
        const head = (a[k] ?? '').slice(0, at);
        const tail = `${(a[k] ?? '').slice(at + 1)}|${a[k + 1] ?? ''}`;
        const b = [...a.slice(0, k), head, tail, ...a.slice(k + 2)];
        fc.pre(!tail.startsWith('|'));
        expect(b.join('|')).toBe(a.join('|'));
        expect(joinKey(b)).not.toBe(joinKey(a));
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives two lists of parts the same key exactly when they are the same', () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        expect(joinKey(a) === joinKey(b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { numRuns: 2_000 },
    );
  });

  it('joins parts without a `|` as they are', () => {
    expect(joinKey(['arn:aws:ecs:eu-west-1:111122223333:cluster/prod-apps', 'service:checkout'])).toBe(
      'arn:aws:ecs:eu-west-1:111122223333:cluster/prod-apps|service:checkout',
    );
  });
});
