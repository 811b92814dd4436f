import { describe, expect, it } from 'vitest';
import { linesOf, runCommand } from '../support/command.js';

/**
 * Amazon ECS Managed Instances, as a user sees it from the installed command (a child process):
 * moto cannot build a Managed Instances capacity provider (MOTO_HAS_NO_MANAGED_INSTANCES in
 * test/support/moto.ts), so the only way to run the command against one is its built-in
 * simulated account, `ecs-pullfix demo SCENARIO`, which diagnoses the scenario's stopped task.
 * (`check` and `scan` of a Managed Instances service run on AWS or on the simulated fleet in-process
 * only: test/pipeline/inspect-managed.test.ts.)
 */

const demo = (scenario: string) => runCommand(['demo', scenario, '--mode', 'notify']);
/** The report as one line: it is wrapped to the terminal's width, 100 columns here. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('ecs-pullfix demo on Managed Instances', () => {
  it('an instance role not named ecsInstanceRole*: managed-instances-role-not-passable, and how to rename it', async () => {
    const run = await demo('managed-instances-instance-role-wrongly-named');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(flat(run.stdout)).toContain(
      "managed-instances-role-not-passable breaks the launch of capacity provider ledger-mi's instances (instance profile arn:aws:iam::111122223333:instance-profile/ledger-stack-InstanceProfile-3HV8ZC0WQ5LN).",
    );
    expect(run.stdout).toMatch(/^ {3}1\. managed-instances-role-not-passable — breaks the launch/m);
    expect(flat(run.stdout)).toContain(
      'arn:aws:iam::111122223333:role/ledger-stack-InstanceRole-7QX2M4KD9P1A is not named ecsInstanceRole*',
    );
    expect(run.stdout).toContain('$ aws iam create-role --role-name ecsInstanceRole-ledger-mi');
    expect(linesOf(run.stdout)).toContainEqual(
      expect.stringMatching(
        /^managed-instances-instance-role-wrongly-named +iam-execution-role +managed-instances-role-not-passable +notify +- +\d +\d+$/,
      ),
    );
  });

  it('an instance role named ecsInstanceRole-ledger-mi: no finding on the role, the path whole', async () => {
    const run = await demo('managed-instances-instance-role-ecsinstancerole-healthy');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('managed-instances-role-not-passable');
    expect(run.stdout).toContain('The network path is whole (path-ok): nothing to change there.');
    expect(linesOf(run.stdout)).toContainEqual(
      expect.stringMatching(
        /^managed-instances-instance-role-ecsinstancerole-healthy +iam-execution-role +path-ok +notify +- +\d +\d+$/,
      ),
    );
  });
});
