import { type Need, needsExecutionRole } from '../../needs.js';
import type { TaskDefinitionFacts } from '../../network.js';
import { type CheckInput, finding, type Verdict } from '../verdict.js';

/**
 * A task that pulls from ECR, logs to CloudWatch or reads secrets needs an execution role. On
 * a container instance, ECR pulls and awslogs are signed with the instance's role instead
 * (its profile's): only secrets, registry credentials and environment files still need one.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
 */
export function executionRoleNamed({ snapshot: s }: CheckInput, needs: readonly Need[]): Verdict[] {
  if (!s.taskDefinition.ok) return [];
  const td = s.taskDefinition.value;
  if (td.executionRoleArn) return [];
  const net = s.taskNetwork;
  const instance = net.source === 'instance' ? net : undefined;
  // On EC2 (awsvpc too), an instance whose profile is unknown may well sign the pull.
  const onEc2 = s.task.launchType === 'EC2' || s.task.containerInstanceArn !== undefined;
  const signedByInstance = instance ? instance.instanceProfileArn !== undefined : onEc2;
  const why = signedByInstance ? needsOwnRole(td) : needsExecutionRole(td);
  if (!why) return [];
  const noProfile =
    instance && !instance.instanceProfileArn && !needsOwnRole(td)
      ? `, and its container instance ${instance.instanceId} has no instance profile to sign them with`
      : '';
  return [
    finding({
      id: 'execution-role-missing',
      why: `${why}${noProfile}`,
      resources: [td.arn],
      evidence: [`${td.arn} has no executionRoleArn`, `but ${why}${noProfile}`],
      breaks: needs.map((n) => n.feature),
    }),
  ];
}

/** What only an execution role can do, even on EC2: secrets, registry credentials, environment files. */
function needsOwnRole(td: TaskDefinitionFacts): string | undefined {
  for (const c of td.containers) {
    if (c.secrets.length > 0) return `container ${c.name} references secrets`;
    if (c.repositoryCredentials) return `container ${c.name} uses repositoryCredentials`;
    if (c.environmentFiles.length > 0) return `container ${c.name} uses environment files`;
  }
  return undefined;
}
