import { ECSClient, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { loadScenario, type Scenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import {
  buildInMoto,
  iamSimulator,
  MOTO_ACCOUNT,
  MOTO_URL,
  motoEnv,
  resetMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';
import { findingsBothWays, replayOnMoto } from '../support/moto-replay.js';

/**
 * Tasks on EC2 (bridge, host or awsvpc network mode), built in moto as an Auto Scaling group's
 * instance joins its cluster (an EC2 instance registered as a container instance, launched with
 * its instance profile: test/support/moto-instance.ts), replayed through `ecs-pullfix replay` on
 * the real adapters: the findings must equal the simulated account's, and the notes name the
 * same checks. The instance role's simulation is the stand-in's (moto has none), denying what
 * the scenario's `instanceRolePolicy` denies; the instance profile's role is moto's.
 */
const ON_INSTANCES = [
  'ec2-bridge-private-subnet-no-nat',
  'ec2-bridge-private-subnet-nat-healthy',
  'ec2-host-instance-sg-blocks-443',
  'ec2-host-instance-sg-open-healthy',
  'ec2-bridge-instance-terminated',
  'ec2-bridge-instance-terminated-template-sg-blocks-443',
  'ec2-bridge-instance-terminated-template-healthy',
  'ec2-bridge-no-execution-role-instance-role-lacks-ecr',
  'ec2-bridge-no-execution-role-instance-role-fine',
  'ec2-awsvpc-no-execution-role-instance-role-lacks-ecr',
  'ec2-awsvpc-no-execution-role-instance-role-fine',
  // On EC2 in awsvpc mode, its event naming no container instance: the path is the task's ENI.
  'ec2-awsvpc-missing-ecr-dkr-endpoint',
];

type Doc = { findings: { id: string; service?: string; evidence: string[] }[] };
const keyOf = (f: { id: string; service?: string | undefined }) =>
  f.service ? `${f.id}:${f.service}` : f.id;

/** What a path-ok says of the instance role's simulation ("3 of the 4 permissions … allowed"), ids aside. */
const roleVerdicts = (checked: readonly string[]): string[] =>
  checked
    .filter((line) => line.includes('(the role of container instance '))
    .map((line) => line.split('signed with it): ')[1] ?? line);

/** What the scenario's instance role lacks, denied by the simulator's stand-in to the role moto holds. */
function denyInstanceRole(s: Scenario): void {
  const profile = s.file.containerInstance?.instanceProfile;
  const denied = s.file.instanceRolePolicy?.deny ?? [];
  if (profile === undefined || denied.length === 0) return;
  if (!iamSimulator) throw new Error('no IAM simulator stand-in');
  for (const action of denied) iamSimulator.deny(`arn:aws:iam::${MOTO_ACCOUNT}:role/${profile}`, action);
}

if (MOTO_URL === undefined) {
  withoutMoto('tasks on container instances, replayed on moto');
} else {
  const url = MOTO_URL;
  describe('tasks on container instances, replayed on moto', () => {
    useProcessEnv(motoEnv(url));

    it.each(ON_INSTANCES)('%s: finds what the simulated account finds', async (name) => {
      const { scenario, event, findings } = await replayOnMoto(name, url, denyInstanceRole).finally(() =>
        iamSimulator?.reset(),
      );
      if (scenario.file.containerInstance)
        expect((event.detail as Record<string, unknown>).containerInstanceArn).toMatch(
          /:container-instance\//,
        );
      const { onMoto, simulated } = await findingsBothWays(scenario, findings);
      expect(onMoto).toEqual(simulated);
      // What could not be checked (a gone instance's groups) is said on moto too.
      expect(findings.filter((f) => f.id === 'not-checked')).toHaveLength(
        scenario.file.expect['not-checked'].length,
      );
      // The instance role moto holds was simulated, and allows what the simulated account's does.
      expect(roleVerdicts(findings.find((f) => f.id === 'path-ok')?.evidence ?? [])).toEqual(
        roleVerdicts(scenario.file.expect['path-ok-checked']),
      );
    });

    it('diagnose reads an awsvpc task ECS ran on a container instance, and simulates the instance role', async () => {
      const scenario = loadScenario('ec2-awsvpc-no-execution-role-instance-role-lacks-ecr');
      await resetMoto(url);
      const { event, ids } = await buildInMoto(scenario, url);
      const ecs = new ECSClient({});
      // moto places it on the registered instance, with an ENI of its own in the task's subnet.
      const run = await ecs.send(
        new RunTaskCommand({
          cluster: scenario.file.cluster.name,
          taskDefinition: (event.detail as { taskDefinitionArn: string }).taskDefinitionArn,
          launchType: 'EC2',
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: [ids.get(scenario.file.task.subnet) ?? ''],
              securityGroups: (scenario.service?.securityGroupIds ?? []).map((g) => ids.get(g) ?? g),
            },
          },
        }),
      );
      const task = run.tasks?.[0];
      expect(task?.containerInstanceArn).toMatch(/:container-instance\//);
      await ecs.send(
        new StopTaskCommand({
          cluster: scenario.file.cluster.name,
          task: task?.taskArn ?? '',
          reason: scenario.file.task.stoppedReason,
        }),
      );
      denyInstanceRole(scenario);

      const { code, stdout } = await runCli(
        [
          'diagnose',
          '--cluster',
          scenario.file.cluster.name,
          '--task',
          task?.taskArn?.split('/').pop() ?? '',
          '--json',
        ],
        '',
        motoEnv(url),
      );
      iamSimulator?.reset();
      expect(code).toBe(0);
      const doc = JSON.parse(stdout) as Doc;
      expect(doc.findings.map(keyOf)).toEqual(['execution-role-denies', 'path-ok']);
      expect(doc.findings[0]?.evidence.join('\n')).toMatch(
        /role\/ecsRenderInstanceRole \(the role of container instance i-[0-9a-f]+: .*\) → ecr:GetAuthorizationToken on \*: not allowed/,
      );
      // The path is the task's own ENI (its group), not the instance's.
      expect(doc.findings[1]?.evidence.join('\n')).toMatch(/\(task\): outbound 443 to 0\.0\.0\.0\/0/);
    });
  });
}
