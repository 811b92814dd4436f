import type { Cause, Service } from './causes.js';

// The classifier's summaries, by cause: the sentence a notice opens with.

/** What a person calls each service, for sentences about it. */
export const SERVICE_NAMES: Readonly<Record<Service, string>> = {
  ecr: 'Amazon ECR',
  'ecr-public': 'Amazon ECR Public',
  dockerhub: 'Docker Hub',
  'private-registry': 'the image registry',
  s3: 'Amazon S3',
  logs: 'CloudWatch Logs',
  ssm: 'SSM Parameter Store',
  secretsmanager: 'Secrets Manager',
  kms: 'AWS KMS',
  efs: 'Amazon EFS',
  none: 'the registry or AWS service',
  unknown: 'the registry or AWS service',
};

/** The one-paragraph summary a person reads first: what the cause means for this service. */
export function summaryOf(cause: Cause, service: Service, empty: boolean): string {
  const svc = SERVICE_NAMES[service];
  switch (cause) {
    case 'network-timeout':
      return `The task's network interface could not reach ${svc} (the connection timed out or was refused): its subnet lacks a working route (NAT, public IP or VPC endpoint), or a security group or network ACL blocks HTTPS.`;
    case 'network-dns':
      return `The task could not resolve the name of ${svc}: check the VPC's DNS support and DNS hostnames and the private DNS of its interface endpoints.`;
    case 'network-s3-layer':
      return 'The task reached the registry but could not download the image layers from Amazon S3: the S3 gateway endpoint, or its route from the task subnets, is missing.';
    case 'endpoint-policy':
      return service === 's3'
        ? "A VPC endpoint policy refused a download from Amazon S3 (the image's layers or an environment file): the S3 gateway endpoint's policy does not allow that bucket (for an ECR image, prod-<region>-starport-layer-bucket); allow s3:GetObject on its objects in the endpoint's policy."
        : `A VPC endpoint policy refused the task's call to ${svc}: the call reached the VPC endpoint, but the endpoint's policy does not allow the action the evidence names; allow it in the endpoint's policy (an IAM change to the execution role will not help).`;
    case 'iam-execution-role':
      if (service === 'none')
        return 'A role ECS needs to start the task is missing, cannot be assumed or passed, or lacks a permission (the execution role; on EC2 the instance role; on Managed Instances the infrastructure role, which must be allowed to pass the instance role): the evidence names which.';
      return `The task execution role is missing or lacks a permission it needs for ${svc}; grant the permission the evidence names.`;
    case 'kms-denied':
      return "The execution role may not decrypt the secret with its customer-managed KMS key: allow kms:Decrypt in the key's policy and the role.";
    case 'secret-not-found':
      return `A secret or parameter the task references in ${svc} does not exist (or its JSON key or version does not): check its name, account and region.`;
    case 'image-not-found':
      return `The image's repository, tag or digest does not exist in ${svc}, or the image name is malformed.`;
    case 'image-platform':
      return "The image has no variant for the task's platform (CPU architecture or OS): build it for that platform or change the task's runtimePlatform.";
    case 'registry-auth':
      return `${svc === SERVICE_NAMES.unknown ? 'The registry' : capitalise(svc)} refused the pull's credentials (or their absence): check the task's repositoryCredentials.`;
    case 'registry-rate-limit':
      return `${svc === SERVICE_NAMES.unknown ? 'The registry' : capitalise(svc)} throttled the image pull: authenticate the pull, or mirror the image to ECR (a pull-through cache rule).`;
    case 'logging-setup':
      return 'The log driver could not start: the log group does not exist (and awslogs-create-group is off) or a log option is wrong.';
    case 'efs-mount':
      return "The EFS volume could not be mounted: check the mount target in the task's Availability Zone, NFS (TCP 2049) from the task's security group, and the access point.";
    case 'capacity-or-platform':
      return 'The platform could not start the task (capacity, free IP addresses, disk or the container runtime), not the configuration of its network path.';
    case 'not-a-start-failure':
      return 'The task started and then stopped for an ordinary reason; it is not a start failure.';
    case 'unknown':
      return empty
        ? 'Nothing in the stop record says why the task stopped.'
        : 'The task failed to start, but the stop text does not establish why.';
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
