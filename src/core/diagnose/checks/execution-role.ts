import { type Need, needsExecutionRole } from '../../needs.js';
import { type CheckInput, finding, type Verdict } from '../verdict.js';

/** A task that pulls from ECR, logs to CloudWatch or reads secrets needs an execution role. */
export function executionRoleNamed({ snapshot: s }: CheckInput, needs: readonly Need[]): Verdict[] {
  if (!s.taskDefinition.ok) return [];
  const td = s.taskDefinition.value;
  const why = needsExecutionRole(td);
  if (td.executionRoleArn || !why) return [];
  return [
    finding({
      id: 'execution-role-missing',
      why,
      resources: [td.arn],
      evidence: [`${td.arn} has no executionRoleArn`, `but ${why}`],
      breaks: needs.map((n) => n.feature),
    }),
  ];
}
