import { describe, expect, it } from 'vitest';
import { lazyPort } from '../../src/aws/lazy-port.js';
import type { SecretsReader } from '../../src/core/ports.js';
import type { SecretState } from '../../src/core/workload.js';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf';

/** A secrets port that answers from a table, and counts how often it was made. */
function loader() {
  const made = { count: 0 };
  const load = async (): Promise<SecretsReader> => {
    made.count += 1;
    await Promise.resolve();
    return {
      describeSecret: async (id) =>
        id === SECRET_ARN
          ? { kind: 'secret', arn: SECRET_ARN, versions: { v1: ['AWSCURRENT'] } }
          : { kind: 'missing' },
      describeParameters: async (names) => names.map((): SecretState => ({ kind: 'missing' })),
    };
  };
  return { made, load };
}

describe(lazyPort.name, () => {
  it('makes nothing until the first call', () => {
    const { made, load } = loader();
    lazyPort(load);
    expect(made.count).toBe(0);
  });

  it('answers each call from the adapter it loads, with the arguments given', async () => {
    const { load } = loader();
    const secrets = lazyPort(load);
    expect(await secrets.describeSecret(SECRET_ARN)).toMatchObject({ kind: 'secret', arn: SECRET_ARN });
    expect(await secrets.describeSecret('prod/gone')).toEqual({ kind: 'missing' });
    expect(await secrets.describeParameters(['/prod/a', '/prod/b'])).toHaveLength(2);
  });

  it('loads the adapter once, however many calls start before it is loaded', async () => {
    const { made, load } = loader();
    const secrets = lazyPort(load);
    await Promise.all([
      secrets.describeSecret(SECRET_ARN),
      secrets.describeParameters(['/prod/a']),
      secrets.describeSecret('prod/other'),
    ]);
    await secrets.describeSecret(SECRET_ARN);
    expect(made.count).toBe(1);
  });

  it('fails a call with the load error, and loads again on the next call', async () => {
    const { made, load } = loader();
    let failures = 1;
    const secrets = lazyPort(async () => {
      if (failures-- > 0) throw new Error("Cannot find module './secrets-reader-4KQ2.mjs'");
      return load();
    });
    await expect(secrets.describeSecret(SECRET_ARN)).rejects.toThrow(/Cannot find module/);
    expect(await secrets.describeSecret(SECRET_ARN)).toMatchObject({ kind: 'secret' });
    expect(made.count).toBe(1);
  });

  it('is not a thenable: awaiting the port itself calls nothing', async () => {
    const { made, load } = loader();
    const secrets = lazyPort(load);
    expect(await Promise.resolve(secrets)).toBe(secrets);
    expect(made.count).toBe(0);
  });
});
