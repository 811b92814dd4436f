import { describe, expect, it } from 'vitest';
import { lifetimesOf, organizationStorm } from '../../bench/organization-storm.js';

/** 3 accounts × 2 regions, 3 failing services each: 18 incidents in 500 events, 10 of them delivered twice. */
const SMALL = { accounts: 3, regions: 2, services: 3, events: 500, duplicateEvery: 50, seed: 20 } as const;

describe(organizationStorm.name, () => {
  it('tells each incident of a small organisation once, assuming each member role once and reading each member as alone', async () => {
    const storm = await organizationStorm(SMALL);
    expect(storm).toMatchObject({
      members: 6,
      incidents: 18,
      events: 500,
      notices: 18,
      repeatedNotices: 0,
      assumptions: 6,
      mostAssumptions: 1,
      offBaseline: 0,
      extraReads: 0,
      invocations: 5,
      deadLettered: 0,
    });
    // One inspection of the scenario per service: 13 calls (12 in a region whose cluster is not read).
    expect(storm.mostReads).toBe(39);
    expect(storm.baseline).toBe(39);
    expect(storm.writes).toBeGreaterThan(0);
    expect(storm.peakHeapMb).toBeGreaterThan(0);
  });

  it('assumes a member role once more when a diagnosis after its credentials are within five minutes of expiring reads it', async () => {
    // 400 events 12 s apart: 80 minutes; the flood window (1 h) ends, and each service is diagnosed again.
    const storm = await organizationStorm({
      ...SMALL,
      accounts: 1,
      regions: 1,
      events: 400,
      arrivalMs: 12_000,
    });
    expect(storm.stormMs).toBeGreaterThan(60 * 60_000);
    expect(lifetimesOf(storm.stormMs)).toBe(2);
    expect(storm).toMatchObject({ notices: 6, repeatedNotices: 3, assumptions: 2, mostAssumptions: 2 });
  });
});
