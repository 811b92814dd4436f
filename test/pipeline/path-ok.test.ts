import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { renderReport } from '../../src/core/present/index.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { type SimOptions, SimulatedAccount } from '../../src/sim/account.js';
import { simulatedLambda } from '../../src/sim/lambda.js';
import { loadScenario, parseScenario, SCENARIOS_DIR, type Scenario } from '../../src/sim/scenario.js';
import { startFailureScenarios } from '../support/scenarios.js';

/**
 * Honest headlines (issue 13, item 7): `path-ok` — "nothing is wrong on the network path" —
 * is said only when every check it summarises was made. Each read the diagnosis makes is
 * denied in turn on each scenario's simulated account, and the notice is read as a person
 * would read it.
 */

/** What a read tells the diagnosis of the path; `beyond` for the reads of the role, the image and the secrets. */
type Covers = Readonly<{
  covers: string;
  /** Where the same facts come from when the read is refused, if anywhere. */
  otherwise?: (s: Scenario) => string | undefined;
  /**
   * The read matters only on some paths (the DNS settings where the endpoints' private names are
   * relied on, a list's entries where a rule or route names it): refused, it withholds path-ok
   * and says so where the path rests on it, and elsewhere leaves path-ok where it stood.
   */
  somePaths?: true;
  /** True when, in this scenario, the read is beyond the path (an awsvpc task's container instance). */
  beyond?: (s: Scenario) => boolean;
}>;

/** An awsvpc task on EC2 reads its container instance for its role alone: its ENI carries the path. */
const awsvpc = (s: Scenario) => (s.taskDefinition.networkMode ?? 'awsvpc') === 'awsvpc';

const READS: Readonly<Record<string, Covers | 'beyond'>> = {
  'ecs:DescribeTaskDefinition': { covers: 'which endpoints the task needs (logs, secrets, parameters)' },
  'ecs:DescribeServices': {
    covers: "the service's other subnets (and its security groups once the ENI is gone)",
  },
  'ec2:DescribeNetworkInterfaces': {
    covers: "the task's security groups and public IP, and the EFS mount targets' groups",
    // The service's configuration gives the task's groups, never the mount targets'.
    otherwise: (s) =>
      s.file.service && s.efs.length === 0
        ? `service ${s.file.service.name}'s awsvpcConfiguration`
        : undefined,
  },
  'elasticfilesystem:DescribeMountTargets': { covers: "the EFS volume's mount targets" },
  'ecs:DescribeContainerInstances': {
    covers: 'the container instance a task with no ENI of its own ran on: its EC2 instance, VPC and subnet',
    beyond: awsvpc,
  },
  'ec2:DescribeInstances': {
    covers: "the container instance's security groups and public IP",
    beyond: awsvpc,
  },
  'ec2:DescribeLaunchTemplateVersions': {
    covers: "a gone container instance's next one: its launch template's security groups and public IP",
  },
  'ec2:DescribeSubnets': { covers: 'the subnets and their CIDRs' },
  'ec2:DescribeRouteTables': { covers: 'the way out of the subnet' },
  'ec2:DescribeNetworkAcls': { covers: 'the network ACLs' },
  // A task that needs no AWS service (an image from ghcr.io, no awslogs, no secrets) needs no endpoint.
  'ec2:DescribeVpcEndpoints': { covers: 'the VPC endpoints', somePaths: true },
  'ec2:DescribeVpcAttribute': { covers: "the VPC's DNS attributes" },
  'ec2:DescribeSecurityGroups': { covers: "the task's and the endpoints' security groups" },
  'ec2:DescribeNatGateways': { covers: "the NAT gateway's state" },
  'iam:SimulatePrincipalPolicy': 'beyond',
  // An EFS volume's access point and file system policy (its authorization, beside the task role's simulation).
  'elasticfilesystem:DescribeAccessPoints': 'beyond',
  'elasticfilesystem:DescribeFileSystemPolicy': 'beyond',
  // The container instance's role, when the task has no execution role.
  'iam:GetInstanceProfile': 'beyond',
  // A Managed Instances task's capacity provider: its roles, not its path (the task's ENI).
  'ecs:DescribeCapacityProviders': 'beyond',
  'ecr:DescribeImages': 'beyond',
  'ecr:ListImages': 'beyond',
  'ecr:BatchGetImage': 'beyond',
  'ecr:GetLifecyclePolicy': 'beyond',
  'ecr:DescribePullThroughCacheRules': 'beyond',
  'ecr:DescribeRegistry': 'beyond',
  // Another account's repository policy (it must grant the role the pull).
  'ecr:GetRepositoryPolicy': 'beyond',
  'secretsmanager:DescribeSecret': 'beyond',
  'ssm:DescribeParameters': 'beyond',
  // The cluster's mode tag: how the Lambda acts, not what the diagnosis sees.
  'ecs:DescribeClusters': 'beyond',
  // The VPC's DHCP option set (and, in the same answer, its opt-in tag).
  'ec2:DescribeVpcs': {
    covers: "the VPC's DHCP option set: which servers its names are asked of",
    somePaths: true,
  },
  'ec2:DescribeDhcpOptions': { covers: "the DHCP option set's DNS servers", somePaths: true },
  'route53resolver:ListResolverRuleAssociations': {
    covers: 'the Route 53 Resolver rules of the VPC',
    somePaths: true,
  },
  'route53resolver:ListResolverRules': { covers: 'the Route 53 Resolver rules of the VPC', somePaths: true },
  'ec2:GetManagedPrefixListEntries': {
    covers: 'the CIDRs of the prefix lists the rules and routes name',
    somePaths: true,
  },
  // The lists' names only: their entries decide, and a list without its name is still checked.
};

type Doc = {
  outcome: string;
  findings: { id: string; evidence: string[] }[];
};

/** The notice the Lambda sends for a scenario's event on its account: subject, e-mail and JSON. */
async function noticeOf(scenario: Scenario, options: SimOptions = {}, timeoutMs?: number) {
  const account = new SimulatedAccount(scenario, options);
  const lambda = simulatedLambda(account, timeoutMs === undefined ? {} : { timeoutMs });
  await lambda.deliver(account.event());
  const sent = lambda.notifier.sent[0];
  if (!sent) throw new Error(`${scenario.name}: no notice`);
  const structure = JSON.parse(sent.message) as Record<string, string>;
  return {
    account,
    subject: sent.subject,
    lines: (structure.email ?? '').split('\n'),
    doc: JSON.parse(structure.sqs ?? '{}') as Doc,
  };
}

const ids = (doc: Doc) => doc.findings.map((f) => f.id);
const pathOk = (doc: Doc) => doc.findings.find((f) => f.id === 'path-ok');

/** One scenario with the task's ENI still there and a service: the ENI's facts can come from either. */
function withEniAndService(): Scenario {
  const name = 'nat-healthy-dockerhub-rate-limit';
  const text = readFileSync(`${SCENARIOS_DIR}${name}.yaml`, 'utf8');
  const scenario = parseScenario(name, text);
  const groups = scenario.file.service?.securityGroups ?? [];
  return parseScenario(`${name}+eni`, `${text}\neni: { securityGroups: [${groups.join(', ')}] }\n`);
}

const cases = [...startFailureScenarios(), withEniAndService()];

describe('path-ok, each read of each scenario denied', () => {
  it.each(cases.map((s) => [s.name, s] as const))(
    '%s: never path-ok unless the refused read’s checks were made another way; the headline names what was not seen',
    async (_, scenario) => {
      const clean = await noticeOf(scenario);
      const operations = [...new Set(clean.account.calls.map((c) => c.operation))];
      for (const operation of operations) {
        const read = READS[operation];
        expect(read, `${operation} is missing from the table of reads`).toBeDefined();
        const { subject, lines, doc } = await noticeOf(scenario, {
          faults: [{ operation, kind: 'denied' }],
        });
        const beyond = read === 'beyond' || read?.beyond?.(scenario) === true;
        const otherwise = read === 'beyond' ? undefined : read?.otherwise?.(scenario);
        if (beyond || otherwise !== undefined) {
          // path-ok does not rest on this read (or got its facts elsewhere): it stands where it stood.
          expect(ids(doc).includes('path-ok'), operation).toBe(ids(clean.doc).includes('path-ok'));
          if (otherwise !== undefined && pathOk(doc)) {
            expect(pathOk(doc)?.evidence.join('\n'), operation).toContain(`from ${otherwise}`);
          }
          continue;
        }
        if (read?.somePaths && (pathOk(doc) || !pathOk(clean.doc))) {
          // Not a fact this path rests on: path-ok stands only where it stood; where there was a
          // problem, it still leads (its evidence may be told less precisely).
          expect(ids(doc).includes('path-ok'), operation).toBe(ids(clean.doc).includes('path-ok'));
          continue;
        }
        expect(ids(doc), operation).not.toContain('path-ok');
        expect(doc.outcome, operation).not.toBe('no-network-problem');
        // A read whose answer the diagnosis did not come to use changes nothing, and has nothing to tell.
        const changed = JSON.stringify(doc.findings) !== JSON.stringify(clean.doc.findings);
        if (doc.outcome === 'not-checked') {
          // Nothing found wrong: the first lines and the subject say what could not be seen, and why.
          expect(lines[1], operation).toMatch(/^Not checked: .* — nothing else found wrong\.$/);
          if (changed) expect(lines[1], operation).toContain(`${operation} was denied`);
          expect(subject, operation).toMatch(/^\[ecs-pullfix\] task failed to start \(not all checked\) — /);
        } else if (changed) {
          // A problem found from the other reads still leads; the refusal is told beside it.
          const notChecked = doc.findings.filter((f) => f.id === 'not-checked');
          expect(JSON.stringify(notChecked), operation).toContain(`${operation} was denied`);
        }
      }
    },
  );
});

describe('the not-checked headline', () => {
  const healthy = loadScenario('nat-healthy-dockerhub-rate-limit');

  it('says which check a refused read left unmade, and that nothing else was found wrong', async () => {
    const { subject, lines, doc } = await noticeOf(healthy, {
      faults: [{ operation: 'ec2:DescribeNetworkAcls', kind: 'denied' }],
    });
    expect(doc.outcome).toBe('not-checked');
    expect(subject).toBe(
      '[ecs-pullfix] task failed to start (not all checked) — edge/edge-proxy: registry-rate-limit (docker…',
    );
    expect(lines.slice(0, 2)).toEqual([
      'A task of service edge-proxy in cluster edge could not start.',
      'Not checked: the network ACLs (ec2:DescribeNetworkAcls was denied) — nothing else found wrong.',
    ]);
  });

  it('is the verdict of the report a terminal shows', async () => {
    const account = new SimulatedAccount(healthy, {
      faults: [{ operation: 'ec2:DescribeNetworkAcls', kind: 'denied' }],
    });
    const report = await runPipeline(parseTaskStateChange(account.event()), account);
    expect(renderReport(report)).toContain(
      '  network path: not checked: the network ACLs (ec2:DescribeNetworkAcls was denied) — nothing else found wrong',
    );
  });

  it('says what no source could tell, when no read failed: a RunTask task whose ENI is gone', async () => {
    const { doc, lines } = await noticeOf(loadScenario('runtask-stepfunctions-public-subnet-ip-unknown'));
    expect(doc.outcome).toBe('not-checked');
    expect(lines[1]).toBe(
      "Not checked: whether the task had a public IP (the task's ENI is gone), the task's security groups (the task's ENI is gone) — nothing else found wrong.",
    );
  });

  it('says the reads that ran out of time', async () => {
    const { doc, lines } = await noticeOf(healthy, { latencyMs: 700 }, 16_000);
    expect(doc.outcome).toBe('not-checked');
    expect(lines[1]).toMatch(/^Not checked: .*\(no answer in time\).* — nothing else found wrong\.$/);
  });

  it('keeps path-ok beside a check beyond the network that could not be made', async () => {
    const { doc } = await noticeOf(loadScenario('healthy-nat-image-not-found'), {
      faults: [{ operation: 'ecr:DescribeImages', kind: 'denied' }],
    });
    expect(ids(doc)).toContain('path-ok');
    expect(doc.outcome).toBe('no-network-problem');
  });
});
