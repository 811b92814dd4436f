import { ECRClient } from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import { SdkEcrReader } from '../../src/aws/ecr-reader.js';
import { loadScenario } from '../../src/sim/scenario.js';
import {
  MOTO_ACCOUNT,
  MOTO_HAS_NO_PULL_THROUGH_CACHE,
  MOTO_URL,
  motoEnv,
  unsupportedInMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';

/**
 * Pull-through cache rules on the wire: moto (5.x) implements neither CreatePullThroughCacheRule
 * nor DescribePullThroughCacheRules (the server answers 500), so the scenarios with a rule run on
 * the simulated account only. What moto does show: the read fails as a read, which the image
 * check turns into a note (and, for a repository under no upstream's usual prefix, still finds
 * it missing: test/integration/moto.test.ts replays those scenarios).
 */
const WITH_RULES = [
  'pull-through-first-pull-import-denied',
  'pull-through-first-pull-healthy',
  'pull-through-rule-missing',
];

describe('the pull-through cache scenarios', () => {
  it.each(WITH_RULES)('%s: has a rule, which moto cannot hold', (name) => {
    const scenario = loadScenario(name);
    expect(scenario.file.pullThroughRules?.length).toBeGreaterThan(0);
    expect(unsupportedInMoto(scenario)).toBe(MOTO_HAS_NO_PULL_THROUGH_CACHE);
  });
});

if (MOTO_URL === undefined) {
  withoutMoto('pull-through cache rules on moto');
} else {
  const url = MOTO_URL;
  describe('pull-through cache rules on moto', () => {
    useProcessEnv(motoEnv(url));

    it('fails DescribePullThroughCacheRules as a read that names the operation', async () => {
      const reader = new SdkEcrReader(new ECRClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1 }));
      await expect(reader.pullThroughRules(MOTO_ACCOUNT)).rejects.toMatchObject({
        operation: 'ecr:DescribePullThroughCacheRules',
      });
    });
  });
}
