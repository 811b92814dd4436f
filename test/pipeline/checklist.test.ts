import { describe, expect, it } from 'vitest';
import { checklistLine } from '../../src/core/checklist.js';
import { findingKey, isProblem } from '../../src/core/findings.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { lambdaLike } from '../support/incidents.js';
import { runScenario, startFailureScenarios } from '../support/scenarios.js';

/*
 * AWS's checklist, answered on whole scenarios of the simulated account: what a person reads
 * in the report's line, and what a machine reads in the notice's document.
 */

describe('AWS’s checklist on the simulated account', () => {
  it.each([
    [
      'healthy-nat-image-not-found',
      'AWS checklist: 5 passed, 1 failed (P11), 8 not checked (P9, P10, P12, P15, P16, P17, P18, R5), 12 not applicable',
    ],
    [
      'no-egress-no-endpoints',
      'AWS checklist: 1 passed, 4 failed (P1, P3, R1, R5), 10 not checked (P5, P6, P9, P10, P11, P12, P15, P16, P17, P18), 11 not applicable',
    ],
    [
      'nat-healthy-dockerhub-rate-limit',
      'AWS checklist: 4 passed, 1 failed (P13), 5 not checked (P11, P12, P15, P16, R5), 16 not applicable',
    ],
    [
      'endpoint-policy-s3-single-bucket',
      'AWS checklist: 7 passed, 1 failed (P7), 9 not checked (P9, P10, P11, P12, P15, P16, P17, P18, R5), 9 not applicable',
    ],
  ])('%s: says in one line what became of each check', async (name, line) => {
    const { report } = await runScenario(loadScenario(name));
    expect(checklistLine(report.checks)).toBe(line);
  });

  it.each(startFailureScenarios().map((s) => [s.name, s] as const))(
    '%s: every problem found fails one of AWS’s checks, and all 26 are answered',
    async (_, scenario) => {
      const { report } = await runScenario(scenario);
      const failing = new Set(report.checks.flatMap((c) => c.findings ?? []));
      const problems = report.findings.filter(isProblem).map(findingKey);
      expect(problems.filter((key) => !failing.has(key))).toEqual([]);
      expect(report.checks).toHaveLength(26);
    },
  );

  it('names the findings that fail a check, with their service', async () => {
    const { report } = await runScenario(loadScenario('no-egress-no-endpoints'));
    expect(report.checks.find((c) => c.id === 'P3')).toEqual({
      id: 'P3',
      title: 'without a route out: the ECR API, ECR registry and S3 gateway endpoints',
      status: 'failed',
      findings: ['missing-endpoint:ecr.api', 'missing-endpoint:ecr.dkr', 's3-gateway-missing:s3'],
    });
  });

  it('gives the notice’s document every check, and its e-mail the line', async () => {
    const { handle, notifier } = lambdaLike(
      new SimulatedAccount(loadScenario('healthy-nat-image-not-found')),
    );
    await handle();
    const structure = JSON.parse(notifier.sent[0]?.message ?? '{}') as Record<string, string>;
    const document = JSON.parse(structure.sqs ?? '{}') as { checks: { id: string; status: string }[] };
    expect(document.checks.map((c) => c.id)).toHaveLength(26);
    expect(document.checks.find((c) => c.id === 'P11')?.status).toBe('failed');
    expect(structure.email).toContain('\n  AWS checklist: 5 passed, 1 failed (P11), ');
  });
});
