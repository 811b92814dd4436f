import { describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../../src/sim/account.js';
import { nthTaskArn } from '../../src/sim/event.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { lambdaLike } from '../support/incidents.js';

const taskNumber = (n: number) => (d: Record<string, unknown>) => {
  d.taskArn = nthTaskArn(String(d.taskArn), n);
};

/** The next window's notice after `stops` stopped tasks of a scenario's service: its e-mail and document. */
async function nextNotice(scenario: string, stops: number) {
  const { handle, notifier, clock } = lambdaLike(new SimulatedAccount(loadScenario(scenario)));
  for (let i = 1; i <= stops; i++) await handle(taskNumber(i));
  clock.advance(3601);
  await handle(taskNumber(stops + 1));
  const sent = notifier.sent[1];
  if (!sent) throw new Error('no second notice');
  return {
    text: String(JSON.parse(sent.message).email),
    loop: (notifier.documents()[1] as { incident: { loop: Record<string, unknown> } }).incident.loop,
  };
}

describe('the notice of a crash-looping service', () => {
  it('tells a deleted digest’s loop of 50 attempts that retrying will not help, and how to stop it', async () => {
    const { text, loop } = await nextNotice('image-tag-present-pinned-digest-deleted', 50);

    expect(text).toContain(
      '50 tasks of this incident failed to start since the last notice (this one and 49 folded into it)',
    );
    expect(text).toContain('Each attempt failed before pulling a layer of the image');
    expect(text).toContain('Retrying will not help: image-digest-gone');
    expect(text).toContain('aws ecs update-service --cluster prod-apps --service checkout --desired-count 0');
    expect(loop).toMatchObject({
      attempts: 50,
      path: { kind: 'nat', natId: 'nat-0aa11bb22' },
      retryWillHelp: false,
    });
  });

  it('counts the loop of a path auto-fix can mend without saying retrying will not help', async () => {
    const { text, loop } = await nextNotice('no-egress-no-endpoints', 12);

    expect(text).toContain('12 tasks of this incident failed to start since the last notice');
    expect(text).not.toMatch(/retrying will not help/i);
    expect(loop).toMatchObject({ attempts: 12, retryWillHelp: true });
  });
});

describe('the notice of a service whose image cannot fit its ephemeral storage', () => {
  it('states what 50 attempts of its 9.2 GB image moved through the NAT gateway and cost, and that retrying will not help', async () => {
    const { text, loop } = await nextNotice('ephemeral-storage-too-small-for-image', 50);

    expect(text).toContain(
      'Through NAT gateway nat-0e5a7c9b1d3f5e044: up to 461.7 GB (50 pulls × 9.23 GB), about $20.78 of NAT data processing.',
    );
    expect(text).toContain('Retrying will not help: ephemeral-storage-too-small');
    expect(text).toContain(
      'aws ecs update-service --cluster ml-serving --service recommendations --desired-count 0',
    );
    expect(loop).toMatchObject({
      attempts: 50,
      imageBytes: 9_234_179_686,
      natUsd: 20.78,
      retryWillHelp: false,
    });
  });
});
