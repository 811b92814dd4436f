/*
 * The checks AWS's own troubleshooting pages tell a person to make for the two errors a task
 * that never started stops with (the knowledge-center articles on CannotPullContainerError and
 * ResourceInitializationError, the ECR VPC-endpoint guide, the ECS stopped-task error pages,
 * the pull-through-cache and archive guides), in our words. Every diagnosis answers each one
 * (./answer.ts); docs/aws-checklist.md explains them to users.
 */

/** The error a check belongs to, as ECS names it in the stop reason. */
export type ChecklistFamily = 'CannotPullContainerError' | 'ResourceInitializationError';

export const CHECKLIST_IDS = [
  'P1',
  'P2',
  'P3',
  'P4',
  'P5',
  'P6',
  'P7',
  'P8',
  'P9',
  'P10',
  'P11',
  'P12',
  'P13',
  'P14',
  'P15',
  'P16',
  'P17',
  'P18',
  'R1',
  'R2',
  'R3',
  'R4',
  'R5',
  'R6',
  'R7',
  'R8',
] as const;
export type ChecklistId = (typeof CHECKLIST_IDS)[number];

/** One check of the list: its id, its error, and a short title. */
export type ChecklistItem = Readonly<{ id: ChecklistId; family: ChecklistFamily; title: string }>;

const TITLES: Readonly<Record<ChecklistId, string>> = {
  P1: 'a route out: a NAT gateway (private subnet) or an internet gateway (public subnet)',
  P2: 'a public IP for a task in a public subnet',
  P3: 'without a route out: the ECR API, ECR registry and S3 gateway endpoints',
  P4: 'DNS: endpoint private DNS, the VPC’s DNS attributes, the Amazon-provided resolver',
  P5: 'security groups: HTTPS from the task to the endpoints, the registry and S3',
  P6: 'network ACLs: HTTPS out and the ephemeral ports back',
  P7: 'the S3 gateway endpoint’s policy lets the image layers through',
  P8: 'the ECR endpoints’ policies let the pull through',
  P9: 'the execution role may authenticate to ECR and pull',
  P10: 'the ECR repository’s policy lets the role pull',
  P11: 'the repository and the tag or digest exist; the image URI is right',
  P12: 'the image has a manifest for the task’s platform',
  P13: 'Docker Hub’s rate limit: authenticated pulls, or a copy in ECR',
  P14: 'private registry credentials: the secret exists and the role may read it',
  P15: 'the ephemeral storage holds the image',
  P16: 'the pull finishes before the start timeout',
  P17: 'the pull-through cache rule exists and the role may use it',
  P18: 'the image is not archived',
  R1: 'the network path to the ECR API, for registry auth',
  R2: 'the network path to Secrets Manager and SSM Parameter Store',
  R3: 'the execution role may read the secrets and parameters (and decrypt them)',
  R4: 'the secrets and parameters exist, with the version and JSON key asked for',
  R5: 'awslogs: the log group exists and CloudWatch Logs is reachable',
  R6: 'the VPC’s DNS resolution is on',
  R7: 'EFS: a mount target in the task’s zone, port 2049, access',
  R8: 'environment files in S3: reachable and readable',
};

/** The whole list, in order: P1–P18 (CannotPullContainerError), then R1–R8 (ResourceInitializationError). */
export const CHECKLIST: readonly ChecklistItem[] = CHECKLIST_IDS.map((id) => ({
  id,
  family: id.startsWith('P') ? 'CannotPullContainerError' : 'ResourceInitializationError',
  title: TITLES[id],
}));

/** The title of a check. */
export const titleOf = (id: ChecklistId): string => TITLES[id];
