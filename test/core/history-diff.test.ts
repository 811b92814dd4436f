import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/findings.js';
import { historyDiff } from '../../src/core/history-diff.js';
import { BEHIND_PUBLIC_NAT, HEALTHY, NAT, snapshotWith } from '../support/snapshot.js';

/** What `replay --incident` says changed since an incident was kept: the kept snapshot and findings against today's. */
const endpoints = HEALTHY.endpoints.ok ? HEALTHY.endpoints.value : [];
const noEcrDkr = snapshotWith({
  endpoints: { ok: true, value: endpoints.filter((e) => !e.serviceName.endsWith('ecr.dkr')) },
});
const missingDkr = {
  id: 'missing-endpoint',
  service: 'ecr.dkr',
  vpcId: 'vpc-0c4f1e2d3a5b69788',
  evidence: [],
} as unknown as Finding;
const pathOk = { id: 'path-ok', evidence: [] } as unknown as Finding;

describe(historyDiff.name, () => {
  it('says an endpoint created since: then none, now its id and state', () => {
    expect(historyDiff({ snapshot: noEcrDkr }, { snapshot: HEALTHY })).toEqual([
      { was: 'no ecr.dkr endpoint', is: 'vpce-0ecrdkr1a2b3c4d5e available' },
    ]);
  });

  it('says a default route added since: then none, now the NAT gateway and its state', () => {
    const then = snapshotWith({ natGateways: { ok: true, value: [] } });
    expect(historyDiff({ snapshot: then }, { snapshot: BEHIND_PUBLIC_NAT })).toContainEqual({
      was: 'route 0.0.0.0/0 → none',
      is: `${NAT} (available)`,
    });
  });

  it('says the root finding changed and which findings are gone', () => {
    expect(historyDiff({ findings: [missingDkr] }, { findings: [pathOk] })).toEqual([
      { was: 'root finding missing-endpoint:ecr.dkr', is: 'root finding path-ok' },
    ]);
  });

  it('says DNS turned on since', () => {
    const then = snapshotWith({ dnsHostnames: { ok: true, value: false } });
    expect(historyDiff({ snapshot: then }, { snapshot: HEALTHY })).toEqual([
      { was: 'enableDnsHostnames false', is: 'enableDnsHostnames true' },
    ]);
  });

  it('says nothing of what is the same, nor of what was not read then (dropped from the evidence)', () => {
    expect(
      historyDiff({ snapshot: HEALTHY, findings: [pathOk] }, { snapshot: HEALTHY, findings: [pathOk] }),
    ).toEqual([]);
    const { endpoints: _, routeTables: __, ...dropped } = noEcrDkr;
    expect(historyDiff({ snapshot: dropped }, { snapshot: HEALTHY })).toEqual([]);
    expect(historyDiff({}, { snapshot: HEALTHY, findings: [pathOk] })).toEqual([]);
  });
});
