import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPLOYMENT_POLICY, MODE_TAG, MODES, policyFor } from '../../src/core/mode.js';

describe(policyFor.name, () => {
  it('takes the mode from the cluster tag', () => {
    expect(policyFor({ [MODE_TAG]: 'auto-fix' }, DEFAULT_DEPLOYMENT_POLICY)).toMatchObject({
      mode: 'auto-fix',
      source: 'cluster-tag',
    });
    expect(policyFor({ [MODE_TAG]: ' Dry-Run ' }, DEFAULT_DEPLOYMENT_POLICY)).toMatchObject({
      mode: 'dry-run',
    });
  });

  it('gives an untagged cluster the deployment default', () => {
    expect(
      policyFor({ team: 'payments' }, { ...DEFAULT_DEPLOYMENT_POLICY, defaultMode: 'dry-run' }),
    ).toMatchObject({
      mode: 'dry-run',
      source: 'default',
    });
  });

  it('reports an unknown tag value and treats it as notify, whatever the default', () => {
    const policy = policyFor(
      { [MODE_TAG]: 'autofix' },
      { ...DEFAULT_DEPLOYMENT_POLICY, defaultMode: 'auto-fix' },
    );
    expect(policy.mode).toBe('notify');
    expect(policy.problem).toBe(
      'the cluster tag ecs-pullfix:mode="autofix" is not one of notify, dry-run, auto-fix: treated as notify',
    );
  });

  it('never yields a mode outside the three, nor auto-fix from a value that does not say so', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.constantFrom(...MODES), (value, defaultMode) => {
        const policy = policyFor({ [MODE_TAG]: value }, { ...DEFAULT_DEPLOYMENT_POLICY, defaultMode });
        expect(MODES).toContain(policy.mode);
        if (policy.mode === 'auto-fix') expect(value.trim().toLowerCase()).toBe('auto-fix');
      }),
    );
  });
});
