import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import type { Finding } from '../../src/core/findings.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import { checked, notChecked, type Snapshot, type Tags } from '../../src/core/network.js';
import { planActions } from '../../src/core/plan.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenarios } from '../../src/sim/scenario.js';

/** The real diagnoses of the scenarios with writes: their snapshots and findings, to re-tag at will. */
let cases: { name: string; snapshot: Snapshot; findings: readonly Finding[] }[] = [];
beforeAll(async () => {
  cases = [];
  for (const s of loadScenarios().filter((x) => x.file.expect.writes)) {
    const account = new SimulatedAccount(s);
    const r = await runPipeline(parseTaskStateChange(account.event()), account, {
      deployment: DEFAULT_DEPLOYMENT_POLICY,
      mode: 'dry-run',
    });
    if (r.snapshot) cases.push({ name: s.name, snapshot: r.snapshot, findings: r.findings });
  }
});

/** A tag value as owners write them: right, nearly right, or absent. */
const value = fc.constantFrom<string | undefined>('true', 'True', 'yes', 'false', '', undefined);
const tagsWith = (...keys: string[]): fc.Arbitrary<Tags> =>
  fc
    .tuple(...keys.map(() => value))
    .map((values) =>
      Object.fromEntries(keys.flatMap((k, i) => (values[i] === undefined ? [] : [[k, values[i] as string]]))),
    );

const VPC = 'ecs-pullfix:allow-auto-fix';
const RULES = 'ecs-pullfix:allow-https-rules';
const ROUTES = 'ecs-pullfix:allow-route-tables';
const MANAGED = 'ecs-pullfix:managed';

describe(`${planActions.name}: opt-in (properties)`, () => {
  it('never allows a write in a VPC, on a group or on a gateway whose owner did not tag it exactly true', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.option(tagsWith(VPC, 'Name'), { nil: undefined }),
        fc.boolean(),
        fc.array(tagsWith(RULES, MANAGED), { minLength: 8, maxLength: 8 }),
        fc.array(tagsWith(ROUTES, MANAGED), { minLength: 8, maxLength: 8 }),
        fc.constantFrom('notify', 'dry-run', 'auto-fix' as const),
        (pick, vpcTags, vpcReadable, groupTags, endpointTags, mode) => {
          const base = cases[pick % cases.length];
          if (!base) throw new Error('no cases');
          const s = base.snapshot;
          const groups = s.securityGroups.ok ? s.securityGroups.value : [];
          const endpoints = s.endpoints.ok ? s.endpoints.value : [];
          const snapshot: Snapshot = {
            ...s,
            ...(vpcTags === undefined
              ? { vpcTags: undefined }
              : { vpcTags: vpcReadable ? checked(vpcTags) : notChecked('ec2:DescribeVpcs was denied') }),
            securityGroups: checked(groups.map((g, i) => ({ ...g, tags: groupTags[i % 8] ?? {} }))),
            endpoints: checked(endpoints.map((e, i) => ({ ...e, tags: endpointTags[i % 8] ?? {} }))),
          };
          const plan = planActions(base.findings, snapshot, {
            ...DEFAULT_DEPLOYMENT_POLICY,
            mode,
            source: 'flag',
          });
          const tagsOfGroup = (id: string) =>
            snapshot.securityGroups.ok && snapshot.securityGroups.value.find((g) => g.id === id)?.tags;
          const tagsOfEndpoint = (id: string) =>
            snapshot.endpoints.ok && snapshot.endpoints.value.find((e) => e.id === id)?.tags;
          for (const a of plan.actions) {
            if (!('write' in a) || !a.allowed) continue;
            expect(vpcReadable && vpcTags?.[VPC], base.name).toBe('true');
            const w = a.write;
            if (
              (w.kind === 'authorize-ingress-443' || w.kind === 'authorize-egress-443') &&
              w.group.kind === 'existing'
            ) {
              const t = tagsOfGroup(w.group.groupId) || {};
              expect(t[RULES] === 'true' || t[MANAGED] === 'true', `${base.name} ${a.id}`).toBe(true);
            }
            if (w.kind === 'add-route-tables-to-s3-gateway') {
              const t = tagsOfEndpoint(w.endpointId) || {};
              expect(t[ROUTES] === 'true' || t[MANAGED] === 'true', `${base.name} ${a.id}`).toBe(true);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('takes nothing else away: with every owner opted in, the writes are allowed as they were before opt-in', () => {
    for (const { name, snapshot, findings } of cases) {
      const all = (tags: Tags) => ({ ...tags, [RULES]: 'true', [ROUTES]: 'true' });
      const optedIn: Snapshot = {
        ...snapshot,
        vpcTags: checked({ [VPC]: 'true' }),
        securityGroups: snapshot.securityGroups.ok
          ? checked(snapshot.securityGroups.value.map((g) => ({ ...g, tags: all(g.tags ?? {}) })))
          : snapshot.securityGroups,
        endpoints: snapshot.endpoints.ok
          ? checked(snapshot.endpoints.value.map((e) => ({ ...e, tags: all(e.tags ?? {}) })))
          : snapshot.endpoints,
      };
      const plan = planActions(findings, optedIn, {
        ...DEFAULT_DEPLOYMENT_POLICY,
        mode: 'auto-fix',
        source: 'flag',
      });
      for (const a of plan.actions.filter((x) => 'write' in x))
        expect(a.allowed ? '' : a.reason, `${name} ${a.id}`).not.toMatch(/opt in|opt-in|were not read/);
    }
  });
});
