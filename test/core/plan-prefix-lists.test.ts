import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Classification } from '../../src/core/causes.js';
import { rangeOf } from '../../src/core/cidr.js';
import { diagnose } from '../../src/core/diagnose.js';
import { DEFAULT_DEPLOYMENT_POLICY, type Policy } from '../../src/core/mode.js';
import type { PrefixList, SecurityGroupRule, Snapshot, VpcEndpoint } from '../../src/core/network.js';
import { type Plan, planActions } from '../../src/core/plan.js';
import {
  endpointGroup,
  HEALTHY,
  https,
  REGION,
  S3_CIDRS,
  S3_PREFIX_LIST,
  snapshotWith,
  TASK_SUBNET,
  taskGroup,
} from '../support/snapshot.js';

/*
 * The plan never proposes a security-group rule (written or recommended) when a prefix list
 * the group's rules name already admits the peer — nor when such a list's entries are
 * unknown, since it may.
 */

const TIMEOUT: Classification = {
  cause: 'network-timeout',
  service: 'ecr',
  networkRelated: true,
  registry: null,
  evidence: ['dial tcp 52.94.1.10:443: i/o timeout'],
  summary: 'The task could not reach ECR in time.',
};
const VPC_CIDR = '10.0.0.0/16';
const S3_LIST: PrefixList = { id: S3_PREFIX_LIST, name: `com.amazonaws.${REGION}.s3`, cidrs: S3_CIDRS };
const INGRESS_LIST = 'pl-0a11c0ffee0000001';
const EGRESS_LIST = 'pl-0a11c0ffee0000002';
const ANYWHERE_LIST = 'pl-0a11c0ffee0000003';
const OPTED_IN = { vpcTags: { ok: true, value: { 'ecs-pullfix:allow-auto-fix': 'true' } } } as const;

const policy = (mode: Policy['mode']): Policy => ({ ...DEFAULT_DEPLOYMENT_POLICY, mode, source: 'flag' });
const planOf = (snapshot: Snapshot, mode: Policy['mode'] = 'auto-fix'): Plan =>
  planActions(diagnose(snapshot, TIMEOUT), snapshot, policy(mode));
const rule = (prefixListIds: readonly string[], protocol = 'tcp'): SecurityGroupRule => ({
  ...https(VPC_CIDR),
  protocol,
  ...(protocol === '-1' ? { fromPort: undefined, toPort: undefined } : {}),
  cidrs: [],
  prefixListIds,
});

/** The security-group rules a plan proposes: every write or recommendation that adds one. */
const sgRules = (plan: Plan) =>
  plan.actions.filter(
    (a) =>
      a.kind === 'authorize-egress-443' ||
      a.kind === 'recommend:allow-egress-to-internet' ||
      (a.kind === 'authorize-ingress-443' &&
        'write' in a &&
        a.write.kind === 'authorize-ingress-443' &&
        a.write.group.kind === 'existing'),
  );

/** The CIDR of `cidr`'s network with a prefix of `bits` (≤ its own): a range that contains it. */
function supernet(cidr: string, bits: number): string {
  const range = rangeOf(cidr);
  if (!range) throw new Error(cidr);
  const size = 2 ** (32 - bits);
  const start = Math.floor(range.start / size) * size;
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
  return `${octets.join('.')}/${bits}`;
}
const bitsOf = (cidr: string) => Number(cidr.split('/')[1]);

/** A range containing `cidr`: itself or any wider network, down to 0.0.0.0/0. */
const containing = (cidr: string) => fc.integer({ min: 0, max: bitsOf(cidr) }).map((b) => supernet(cidr, b));
/** Ranges that admit nothing of this account. */
const noise = fc.array(fc.constantFrom('192.168.0.0/16', '172.16.0.0/12', '100.64.0.0/10', '10.200.0.0/16'), {
  maxLength: 3,
});
const shuffled = <T>(items: readonly T[]) =>
  fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });

/** How the task's group lets 443 out to S3's ranges: its own list covers them, it names S3's list, or a list of everything. */
const s3Way = fc.constantFrom('covered-by-list', 'names-s3-list', 'anywhere-list');

const endpoints = fc.subarray(HEALTHY.endpoints.ok ? [...HEALTHY.endpoints.value] : [], {
  minLength: 0,
});

const account = fc.record({
  ingressAdmit: containing(TASK_SUBNET.cidr),
  egressAdmit: containing(VPC_CIDR),
  s3Admits: fc.tuple(...S3_CIDRS.map(containing)),
  s3Way,
  ingressNoise: noise,
  egressNoise: noise,
  protocol: fc.constantFrom('tcp', '-1'),
  kept: endpoints,
  listsRead: fc.boolean(),
  optedIn: fc.boolean(),
  mode: fc.constantFrom<Policy['mode']>('notify', 'dry-run', 'auto-fix'),
});

type Account = typeof account extends fc.Arbitrary<infer T> ? T : never;

function snapshotOf(a: Account, order: readonly string[][]): Snapshot {
  const [ingressCidrs = [], egressCidrs = []] = order;
  const lists: PrefixList[] = [
    S3_LIST,
    { id: INGRESS_LIST, name: 'corp-private-ranges', cidrs: ingressCidrs },
    { id: EGRESS_LIST, name: 'corp-egress', cidrs: egressCidrs },
    { id: ANYWHERE_LIST, name: 'egress-anywhere', cidrs: ['0.0.0.0/0'] },
  ];
  const s3Rule =
    a.s3Way === 'names-s3-list' ? [S3_PREFIX_LIST] : a.s3Way === 'anywhere-list' ? [ANYWHERE_LIST] : [];
  return snapshotWith({
    endpoints: { ok: true, value: a.kept as VpcEndpoint[] },
    securityGroups: {
      ok: true,
      value: [
        taskGroup([rule([EGRESS_LIST, ...s3Rule], a.protocol)]),
        endpointGroup([rule([INGRESS_LIST], a.protocol)]),
      ],
    },
    // Unread, only the S3 list's entries are known: the others' rules may admit anything.
    prefixLists: { ok: true, value: a.listsRead ? lists : [S3_LIST] },
    ...(a.optedIn ? OPTED_IN : {}),
  });
}

describe('the plan when prefix lists already admit the peer (property)', () => {
  it('never proposes a security-group rule, written or recommended', () => {
    fc.assert(
      fc.property(
        account.chain((a) =>
          fc.tuple(
            fc.constant(a),
            shuffled([a.ingressAdmit, ...a.ingressNoise]),
            shuffled([a.egressAdmit, ...a.egressNoise, ...(a.s3Way === 'covered-by-list' ? a.s3Admits : [])]),
          ),
        ),
        ([a, ingress, egress]) => {
          const snapshot = snapshotOf(a, [ingress, egress]);

          const findings = diagnose(snapshot, TIMEOUT);
          const plan = planActions(findings, snapshot, policy(a.mode));

          expect(findings.map((f) => f.id)).not.toContain('endpoint-sg-blocks-443');
          expect(findings.map((f) => f.id)).not.toContain('task-sg-blocks-443');
          expect(sgRules(plan)).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('the plan when prefix lists name the peer', () => {
  const withTaskEgress = (egress: readonly SecurityGroupRule[], lists: readonly PrefixList[]) =>
    snapshotWith({
      ...OPTED_IN,
      endpoints: {
        ok: true,
        value: HEALTHY.endpoints.ok
          ? HEALTHY.endpoints.value.filter((e) => !e.serviceName.endsWith('logs'))
          : [],
      },
      securityGroups: { ok: true, value: [taskGroup(egress), endpointGroup([https(VPC_CIDR)])] },
      prefixLists: { ok: true, value: [S3_LIST, ...lists] },
    });
  const corp = (cidrs: readonly string[]): PrefixList => ({
    id: EGRESS_LIST,
    name: 'corp-private-ranges',
    cidrs,
  });
  const toS3 = rule([S3_PREFIX_LIST]);

  it.each([
    ['a corporate list holds 10.0.0.0/8', [rule([EGRESS_LIST]), toS3], [corp(['10.0.0.0/8'])]],
    ['a list holds 0.0.0.0/0', [rule([EGRESS_LIST])], [corp(['0.0.0.0/0'])]],
  ])('plans the missing logs endpoint but no outbound rule to it when %s', (_, egress, lists) => {
    const plan = planOf(withTaskEgress(egress, lists));

    expect(plan.actions.map((a) => a.kind)).toContain('create-interface-endpoint');
    expect(sgRules(plan)).toEqual([]);
  });

  it("plans no outbound rule, and says why, when the task's list could not be read", () => {
    const plan = planOf(withTaskEgress([rule([EGRESS_LIST]), toS3], []));

    expect(sgRules(plan)).toEqual([]);
    expect(plan.notes).toContain(
      `the task's outbound rules name ${EGRESS_LIST}, whose entries are unknown: no outbound rule to the endpoints is planned (check that the list admits them)`,
    );
  });

  it('still plans the outbound rule when the list holds only other ranges', () => {
    const plan = planOf(withTaskEgress([rule([EGRESS_LIST]), toS3], [corp(['192.168.0.0/16'])]));

    // One to the endpoint group it creates, one to the existing endpoints' group.
    expect(sgRules(plan).map((a) => a.kind)).toEqual(['authorize-egress-443', 'authorize-egress-443']);
  });

  it('plans the S3 gateway but no rule to S3 when the task names the S3 prefix list', () => {
    const snapshot = snapshotWith({
      ...OPTED_IN,
      endpoints: {
        ok: true,
        value: HEALTHY.endpoints.ok ? HEALTHY.endpoints.value.filter((e) => e.type !== 'Gateway') : [],
      },
      securityGroups: {
        ok: true,
        value: [taskGroup([https(VPC_CIDR), toS3]), endpointGroup([https(VPC_CIDR)])],
      },
    });

    const plan = planOf(snapshot);

    expect(plan.actions.map((a) => a.kind)).toContain('create-s3-gateway-endpoint');
    expect(sgRules(plan)).toEqual([]);
  });

  it("plans no inbound rule on the endpoints' group when its list admits the task subnet", () => {
    const snapshot = snapshotWith({
      ...OPTED_IN,
      securityGroups: {
        ok: true,
        value: [taskGroup([https('0.0.0.0/0')]), endpointGroup([rule([INGRESS_LIST])])],
      },
      prefixLists: {
        ok: true,
        value: [S3_LIST, { id: INGRESS_LIST, name: 'corp-private-ranges', cidrs: ['10.0.0.0/8'] }],
      },
    });

    const plan = planOf(snapshot);

    expect(diagnose(snapshot, TIMEOUT).map((f) => f.id)).toEqual(['path-ok']);
    expect(plan.actions.filter((a) => a.kind === 'authorize-ingress-443')).toEqual([]);
  });
});
