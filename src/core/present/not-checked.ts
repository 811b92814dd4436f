import type { Finding } from '../findings.js';

/*
 * What could not be seen, in words: the verdict of a run that found nothing wrong but could
 * not make every check (the notice's first line, the report's verdict). Pure.
 */

/** What each check that could not be made would have looked at, in a few words. */
const UNSEEN: Readonly<Record<string, string>> = {
  'network-path': 'the network path',
  'task-definition': 'the task definition (which endpoints the task needs)',
  'service-subnets': "the service's other subnets",
  'vpc-dns': "the VPC's DNS attributes",
  egress: "the subnet's way out",
  'nat-gateway': "the NAT gateway's state",
  'public-ip': 'whether the task had a public IP',
  'vpc-endpoints': 'the VPC endpoints',
  'endpoint-subnets': "the endpoints' subnets",
  'task-security-groups': "the task's security groups",
  'endpoint-security-groups': "the endpoints' security groups",
  'network-acls': 'the network ACLs',
  'service-ipv6': 'whether AWS services answer the IPv6-only task',
  efs: 'the EFS mount targets',
  'efs-security-groups': "the EFS mount targets' security groups",
  'efs-authorization': "the EFS volume's access point and IAM authorization",
  'execution-role': "the execution role's permissions",
  image: 'the image',
  'image-tags': "the repository's tags",
  'image-platform': "the image's platforms",
  secrets: 'the secrets and parameters',
};

/** The read behind a not-checked note, when it names one: `ec2:DescribeNetworkAcls was denied`. */
function failedReadOf(why: string): string | undefined {
  const read = /\b([a-z0-9-]+:[A-Z]\w+) (was denied|found nothing|failed \([^)]*\))/.exec(why);
  if (read) return `${read[1]} ${read[2]}`;
  if (/^(out of time before|no answer in time) reading/.test(why)) return 'no answer in time';
  // A stopped task's ENI is deleted within minutes: not a failure, but why nothing could tell.
  if (/ENI is gone/.test(why)) return "the task's ENI is gone";
  return undefined;
}

/**
 * The verdict when nothing was found wrong but some checks could not be made: what could not
 * be seen and, where a read failed, which (`not checked: the network ACLs
 * (ec2:DescribeNetworkAcls was denied) — nothing else found wrong`).
 */
export function notCheckedHeadline(findings: readonly Finding[]): string {
  const whys = new Map<string, string[]>();
  for (const f of findings)
    if (f.id === 'not-checked') whys.set(f.check, [...(whys.get(f.check) ?? []), f.why]);
  const unseen = [...whys].map(([check, list]) => {
    const reads = [...new Set(list.flatMap((why) => failedReadOf(why) ?? []))];
    return `${UNSEEN[check] ?? check.replaceAll('-', ' ')}${reads.length > 0 ? ` (${reads.join('; ')})` : ''}`;
  });
  return unseen.length === 0
    ? 'nothing found wrong'
    : `not checked: ${unseen.join(', ')} — nothing else found wrong`;
}
