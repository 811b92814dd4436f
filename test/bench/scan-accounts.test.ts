import { describe, expect, it } from 'vitest';
import { scanAccountsFigures, scanAccountsRun } from '../../bench/scan-accounts.js';

describe(scanAccountsRun.name, () => {
  it('counts one assumption per account and no read repeated within one', async () => {
    const run = await scanAccountsRun(5, 1);

    expect(run).toMatchObject({ assumptions: 5, mostRepeats: 0, services: 45 });
    expect(run.calls).toBeGreaterThan(5 * 9);
  });
});

describe(scanAccountsFigures.name, () => {
  it('reports the assumptions against one per account, and meets its goals', async () => {
    const figures = await scanAccountsFigures(4, 1);

    expect(figures[0]).toMatchObject({ value: 4, goal: '= 4', met: true });
    expect(figures.every((f) => f.met)).toBe(true);
  });
});
