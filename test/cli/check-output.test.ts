import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preflightDocument, renderPreflight } from '../../src/cli/check-command.js';
import { writeCheck } from '../../src/cli/check-output.js';
import { preflightUnregistered } from '../../src/pipeline/preflight-file.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { textSink } from '../support/cli.js';

/** The no-egress scenario's task definition, checked as a file in its service's network. */
const broken = async () => {
  const s = loadScenario('no-egress-no-endpoints');
  const p = await preflightUnregistered(
    {
      taskDefinition: { ...s.taskDefinition, arn: '', networkMode: 'awsvpc' },
      network: {
        subnetIds: s.service?.subnetIds ?? [],
        securityGroupIds: s.service?.securityGroupIds ?? [],
        assignPublicIp: 'DISABLED',
      },
      launchType: 'FARGATE',
      cluster: 'prod-apps',
      account: s.account,
    },
    s.region,
    new SimulatedAccount(s),
  );
  return { ...p, taskDefinitionFile: 'deploy/taskdef.json' };
};

const write = async (env: Record<string, string>) => {
  const out = textSink();
  const err = textSink();
  await writeCheck(await broken(), {
    format: 'github',
    out,
    err,
    env,
    text: renderPreflight,
    json: preflightDocument,
  });
  return { out: out.text, err: err.text };
};

describe(`${writeCheck.name} --format github`, () => {
  it('appends the job summary to the file GITHUB_STEP_SUMMARY names, after what earlier steps wrote', async () => {
    const summary = join(mkdtempSync(join(tmpdir(), 'pullfix-summary-')), 'step_summary');
    writeFileSync(summary, '## Tests\n\nall green\n');
    const { err } = await write({ GITHUB_STEP_SUMMARY: summary });
    expect(err).toBe('');
    const text = readFileSync(summary, 'utf8');
    expect(
      text.startsWith(
        '## Tests\n\nall green\n### ❌ ecs-pullfix check: checkout \\(deploy/taskdef.json\\) would not start\n',
      ),
    ).toBe(true);
  });

  it('writes no summary outside GitHub Actions: the annotations and the report only', async () => {
    const { out, err } = await write({});
    expect(err).toBe('');
    expect(out).toMatch(/^::error file=deploy\/taskdef\.json,title=ecs-pullfix%3A no-egress-path::/);
    expect(out).not.toContain('### ');
  });

  it('warns, and still prints the annotations, when the summary cannot be written', async () => {
    const { out, err } = await write({ GITHUB_STEP_SUMMARY: tmpdir() });
    expect(err).toMatch(
      /^ecs-pullfix: warning: the job summary could not be written to GITHUB_STEP_SUMMARY \(EISDIR/,
    );
    expect(out).toContain('::error ');
  });
});
