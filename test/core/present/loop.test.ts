import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FindingId } from '../../../src/core/findings.js';
import { buildNotification } from '../../../src/core/present/index.js';
import { loopLines } from '../../../src/core/present/loop.js';
import { type PullLoop, pullLoopOf } from '../../../src/core/pull-loop.js';
import type { Report } from '../../../src/pipeline/run.js';
import { loadScenario } from '../../../src/sim/scenario.js';
import { runScenario } from '../../support/scenarios.js';

/**
 * What a failure loop costs (issue 18, item 7): the notice of an incident that folded repeats
 * says how much its pulls moved through a NAT gateway and what that cost, and — only for a
 * cause no retry cures — that retrying will not help, with the commands that stop the loop.
 */

/** The e-mail text of a notice for a run, with the loop given. */
function noticeText(report: Report, loop: PullLoop): string {
  return buildNotification({
    task: report.task,
    classification: report.classification,
    findings: report.findings,
    incidentId: 'inc-0123456789abcdef',
    mode: 'notify',
    plan: report.plan ?? { mode: 'notify', actions: [], notes: [] },
    outcomes: [],
    checks: report.checks,
    folded: loop.attempts - 1,
    loop,
    now: new Date('2026-12-06T07:30:00Z'),
  }).text;
}

// 50 attempts of a 2 GB image (compressed, as ECR gives it) through the service's NAT gateway.
const FIFTY_PULLS_OF_2_GB: PullLoop = {
  attempts: 50,
  imageBytes: 2_000_000_000,
  path: { kind: 'nat', natId: 'nat-0aa11bb22' },
  beforeLayers: false,
  cluster: 'prod-apps',
  service: 'checkout',
};

let deniedRole: Report;
let noEgress: Report;
let digestGone: Report;
beforeAll(async () => {
  deniedRole = (await runScenario(loadScenario('eni-present-public-ip-iam-denied'))).report;
  noEgress = (await runScenario(loadScenario('no-egress-no-endpoints'))).report;
  digestGone = (await runScenario(loadScenario('image-tag-present-pinned-digest-deleted'))).report;
});

describe('the notice of a failure loop', () => {
  it('states the data a 50-attempt loop of a 2 GB image pulled through a NAT gateway, and its cost', () => {
    const text = noticeText(noEgress, FIFTY_PULLS_OF_2_GB);

    expect(text).toContain('THE FAILURE LOOP');
    expect(text).toContain(
      '50 tasks of this incident failed to start since the last notice (this one and 49 folded into it)',
    );
    expect(text).toContain(
      'Through NAT gateway nat-0aa11bb22: up to 100.0 GB (50 pulls × 2.00 GB), about $4.50 of NAT data processing.',
    );
    expect(text).toContain('at $0.045 per GB of NAT gateway data processing — the us-east-1 list price');
  });

  it('says retrying will not help for a role that is denied, with the commands that stop the loop', () => {
    const text = noticeText(deniedRole, { ...FIFTY_PULLS_OF_2_GB, permanent: 'execution-role-denies' });

    expect(text).toContain(
      'Retrying will not help: execution-role-denies needs a change ecs-pullfix does not make',
    );
    expect(text).toContain(
      '    aws ecs update-service --cluster prod-apps --service checkout --desired-count 0',
    );
    expect(text).toContain(
      "    aws ecs update-service --cluster prod-apps --service checkout --deployment-configuration 'deploymentCircuitBreaker={enable=true,rollback=true}'",
    );
  });

  it('never says retrying will not help when the root finding is one auto-fix or a retry can cure', () => {
    const loop = pullLoopOf(noEgress.snapshot, noEgress.findings, 49, noEgress.classification.cause);
    const text = noticeText(noEgress, loop);

    expect(noEgress.findings[0]?.id).toBe('no-egress-path');
    expect(text).toContain('50 tasks of this incident failed to start');
    expect(text).not.toMatch(/retrying will not help/i);
    expect(text).not.toContain('--desired-count 0');
  });

  it('tells a deleted digest no retry cures, and that its attempts pulled no layer through the NAT gateway', () => {
    const loop = pullLoopOf(digestGone.snapshot, digestGone.findings, 49, digestGone.classification.cause);
    const text = noticeText(digestGone, loop);

    expect(loop).toMatchObject({
      permanent: 'image-digest-gone',
      path: { kind: 'nat', natId: 'nat-0aa11bb22' },
    });
    expect(text).toContain(
      'Each attempt failed before pulling a layer of the image: the loop moved next to no data through NAT gateway nat-0aa11bb22.',
    );
    expect(text).toContain('Retrying will not help: image-digest-gone');
    expect(text).toContain('aws ecs update-service --cluster prod-apps --service checkout --desired-count 0');
  });

  it('says a single attempt of a permanent cause will not be cured by retrying, without a loop to count', () => {
    const loop = pullLoopOf(digestGone.snapshot, digestGone.findings, 0, digestGone.classification.cause);
    const text = noticeText(digestGone, loop);

    expect(text).toContain('Retrying will not help: image-digest-gone');
    expect(text).not.toContain('tasks of this incident failed to start');
  });

  it('says nothing of a loop for one attempt of a cause a retry may cure', () => {
    const loop = pullLoopOf(noEgress.snapshot, noEgress.findings, 0, noEgress.classification.cause);

    expect(noticeText(noEgress, loop)).not.toContain('THE FAILURE LOOP');
  });

  it('names no command for a service whose name is not one ECS accepts', () => {
    const lines = loopLines({
      ...FIFTY_PULLS_OF_2_GB,
      service: 'checkout; rm -rf /',
      permanent: 'secret-missing',
    });

    expect(lines.join('\n')).not.toContain('update-service');
    expect(lines.join('\n')).toContain('is not a valid ECS service name');
  });
});

describe(loopLines.name, () => {
  const PERMANENT: readonly FindingId[] = ['image-digest-gone', 'secret-missing', 'execution-role-denies'];
  const loops = fc.record({
    attempts: fc.integer({ min: 0, max: 100_000 }),
    imageBytes: fc.option(fc.integer({ min: 0, max: 50_000_000_000 }), { nil: undefined }),
    path: fc.oneof(
      fc.record({ kind: fc.constant('nat' as const), natId: fc.string({ maxLength: 80 }) }),
      fc.constant({ kind: 'not-nat' as const }),
      fc.constant({ kind: 'unknown' as const }),
    ),
    beforeLayers: fc.boolean(),
    permanent: fc.option(fc.constantFrom(...PERMANENT), { nil: undefined }),
    service: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
    cluster: fc.string({ maxLength: 300 }),
  });

  it('never throws, writes no control character, and says retrying will not help only for a permanent cause', () => {
    fc.assert(
      fc.property(loops, (generated) => {
        const loop = Object.fromEntries(
          Object.entries(generated).filter(([, v]) => v !== undefined),
        ) as PullLoop;
        const text = loopLines(loop).join('\n');
        // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
        expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(text.includes('Retrying will not help')).toBe(loop.permanent !== undefined);
      }),
    );
  });
});
