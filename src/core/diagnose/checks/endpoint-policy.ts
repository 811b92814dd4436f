import { callsThrough, shownResource, type TaskCall } from '../../endpoint-policy.js';
import type { EndpointService, Snapshot, VpcEndpoint } from '../../network.js';
import { type Decision, evaluatePolicy, parsePolicy, type RequestContext } from '../../policy/evaluate.js';
import type { TaskDefinitionFacts } from '../../task-definition.js';
import { type CheckInput, finding, notChecked, ok, type Verdict } from '../verdict.js';

/**
 * An endpoint's policy must allow the calls the task makes through it, as the task makes
 * them: by its execution role, on the real resources (network.md, "Endpoint policies"). A
 * call the policy denies is a finding, with the statement that decided; a decision that
 * hangs on something ecs-pullfix cannot know (`aws:PrincipalOrgID`, the instance role …) is
 * not checked, never a denial it cannot show.
 */
export function endpointPolicy(
  input: CheckInput,
  ep: VpcEndpoint,
  service: EndpointService,
  feature: string,
): Verdict[] {
  if (ep.policy === undefined) return [];
  const where = `${ep.id} (${service})`;
  const parsed = parsePolicy(ep.policy);
  if (!parsed.ok)
    return [notChecked('endpoint-policy', `the policy of ${where} cannot be read: ${parsed.why}`)];
  const s = input.snapshot;
  const calls = callsThrough(
    {
      td: taskDefinitionOf(s),
      region: input.region,
      account: s.task.account,
      taskId: s.task.taskId,
      ...(s.workload ? { secrets: s.workload.secrets } : {}),
    },
    service,
  );
  const caller = callerOf(s, service);
  const judged = calls.map((call) => ({
    call,
    decision: evaluatePolicy(parsed.policy, {
      action: call.action,
      resource: call.resource,
      ...(call.resourceTail ? { resourceTail: call.resourceTail } : {}),
      context: contextOf(s, ep, call, caller),
    }),
  }));
  const denied = judged.filter((j) => j.decision.kind === 'denied');
  const undecided = judged.flatMap((j) =>
    j.decision.kind === 'undecided'
      ? j.decision.dependsOn.map((key) =>
          j.call.presignedByEcr && PRINCIPAL_KEYS.has(key.toLowerCase()) ? PRESIGNED : key,
        )
      : [],
  );
  const out: Verdict[] = [];
  if (denied.length > 0) out.push(denial(ep, service, feature, denied, caller));
  if (undecided.length > 0) out.push(notChecked('endpoint-policy', whyUndecided(where, undecided, caller)));
  if (out.length === 0 && calls.length > 0)
    out.push(ok(`${where}: its policy allows ${[...new Set(calls.map((c) => c.action))].join(', ')}`));
  return out;
}

const PRINCIPAL_KEYS: ReadonlySet<string> = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalisawsservice',
]);
/** What a decision on the principal of a layer's download hangs on. */
const PRESIGNED = "the principal of the layer download, which ECR presigns (it is not the task's role)";

/** Who makes the calls: the execution role, or why it is not known. */
type Caller = Readonly<{ account: string; roleArn?: string; unknownWhy?: string }>;

function callerOf(s: Snapshot, service: EndpointService): Caller {
  const account = s.task.account;
  // On an instance the awslogs driver runs in Docker, with the instance's role, whatever the
  // execution role (which only Fargate uses for logs).
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
  if (service === 'logs' && s.task.launchType !== 'FARGATE')
    return {
      account,
      unknownWhy: "the request's principal is the instance role (the awslogs driver logs with it)",
    };
  if (!s.taskDefinition.ok)
    return {
      account,
      unknownWhy:
        "the request's principal (the execution role) is not known: the task definition was not read",
    };
  const roleArn = s.taskDefinition.value.executionRoleArn;
  if (roleArn) return { account: /^arn:[\w-]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? account, roleArn };
  // Without an execution role, the ECS agent on an instance pulls with the instance's role,
  // which is in the cluster's account (container instances cannot join another's cluster).
  if (s.task.launchType !== 'FARGATE')
    return { account, unknownWhy: "the request's principal is the instance role" };
  return { account, unknownWhy: "the request's principal is not known: the task has no execution role" };
}

/** The condition keys known of one call: the principal, the resource's account, the VPC and endpoint. */
function contextOf(s: Snapshot, ep: VpcEndpoint, call: TaskCall, caller: Caller): RequestContext {
  // Every call goes over TLS (the path checks are for 443), and the task's calls are its
  // role's session, never an AWS service principal's; a URL ECR presigned is ECR's.
  const principal: RequestContext = call.presignedByEcr
    ? {}
    : {
        'aws:principalaccount': caller.account,
        ...(caller.roleArn ? { 'aws:principalarn': caller.roleArn } : {}),
        'aws:principalisawsservice': 'false',
      };
  return {
    ...principal,
    'aws:securetransport': 'true',
    ...(call.resourceAccount ? { 'aws:resourceaccount': call.resourceAccount } : {}),
    ...(s.vpcId.ok ? { 'aws:sourcevpc': s.vpcId.value } : {}),
    'aws:sourcevpce': ep.id,
  };
}

type Judged = Readonly<{ call: TaskCall; decision: Decision }>;

function denial(
  ep: VpcEndpoint,
  service: EndpointService,
  feature: string,
  denied: readonly Judged[],
  caller: Caller,
): Verdict {
  const said = (call: TaskCall) => `${call.action} on ${shownResource(call)}`;
  const features = [...new Set(denied.map((d) => d.call.feature))];
  const denyStatements = [
    ...new Set(
      denied.flatMap(({ decision: d }) =>
        d.kind === 'denied' && d.explicit ? [`statement ${quoteLabel(d.statement)}`] : [],
      ),
    ),
  ];
  return finding({
    id: 'endpoint-policy-denies',
    endpointId: ep.id,
    service,
    denied: denied.map((d) => said(d.call)),
    ...(denyStatements.length > 0 ? { denyStatements } : {}),
    resources: [ep.id],
    evidence: [
      ...denied.map(
        ({ call, decision }) =>
          `the policy of ${ep.id} (${service}) denies ${said(call)}: ${
            decision.kind === 'denied' && decision.explicit
              ? `explicit deny, statement ${quoteLabel(decision.statement)}`
              : 'no statement allows it'
          }`,
      ),
      ...(caller.roleArn ? [`the caller is the execution role ${caller.roleArn}`] : []),
    ],
    breaks: features.length > 0 ? features : [feature],
  });
}

/** A statement's label as evidence shows it: a Sid in quotes, an index as it is. */
const quoteLabel = (label: string) =>
  label.startsWith('statement ') ? label.slice('statement '.length) : `"${label}"`;

function whyUndecided(where: string, dependsOn: readonly string[], caller: Caller): string {
  const keys = [...new Set(dependsOn)];
  const onPrincipal = keys.some((k) => k.toLowerCase() === 'aws:principalarn') && caller.unknownWhy;
  if (onPrincipal && keys.length === 1) return `${caller.unknownWhy} (the policy of ${where} decides by it)`;
  const shown = keys.slice(0, 3).join(', ') + (keys.length > 3 ? ` and ${keys.length - 3} more` : '');
  return `the endpoint policy's decision depends on ${shown} (the policy of ${where})`;
}

/** The task definition, or (unread) one built from the images the event names. */
function taskDefinitionOf(s: Snapshot): TaskDefinitionFacts {
  if (s.taskDefinition.ok) return s.taskDefinition.value;
  const containers = s.task.containers.flatMap((c) =>
    c.image
      ? [{ name: c.name, image: c.image, essential: true, logOptions: {}, secrets: [], environmentFiles: [] }]
      : [],
  );
  return { arn: s.task.taskDefinitionArn, family: s.task.family, containers, volumes: [] };
}
