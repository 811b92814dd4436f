import { conditionHolds, type RequestContext, substitute } from './conditions.js';
import { globMatches, globMatchesTail, type UnknownTail } from './glob.js';
import { type Matcher, type Policy, type PrincipalEntry, parsePolicy, type Statement } from './parse.js';
import { allOf, anyOf, isUnknown, not, type Truth, unknown } from './truth.js';

export type { RequestContext } from './conditions.js';
export type { UnknownTail } from './glob.js';
export { type Policy, parsePolicy } from './parse.js';

/**
 * One call a caller makes, as a resource policy (a VPC endpoint's) judges it: the action, the
 * resource's ARN (`*` for an action on no resource), and the condition keys known of it. The
 * principal is read from the context: `aws:PrincipalArn` (an IAM role's ARN) and
 * `aws:PrincipalAccount`; either may be unknown (absent from the context).
 */
export type PolicyRequest = Readonly<{
  action: string;
  resource: string;
  /** The resource's ARN goes on past `resource` with a part not known (an object's key, a secret's suffix). */
  resourceTail?: UnknownTail;
  context: RequestContext;
}>;

/**
 * The policy's decision: allowed (by which statement), denied (by an explicit `Deny`, or
 * because no statement allows it), or not decided because it hangs on something unknown.
 */
export type Decision = Readonly<
  | { kind: 'allowed'; statement: string }
  | { kind: 'denied'; explicit: true; statement: string }
  | { kind: 'denied'; explicit: false }
  | { kind: 'undecided'; dependsOn: readonly string[] }
>;

/** What stands for the unknown part of a resource's ARN in a decision's `dependsOn`. */
export const RESOURCE_ARN = "the resource's full ARN";

/**
 * IAM's evaluation of one resource policy for one request: an explicit `Deny` that applies
 * wins; otherwise an `Allow` that applies allows; otherwise the request is implicitly denied.
 * A statement applies when its principal, action, resource and every condition match. Where
 * a match is unknown, the decision is `undecided` unless the rest already settles it (a
 * request no statement could allow is denied whatever the unknowns).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export function evaluatePolicy(policy: Policy, request: PolicyRequest): Decision {
  const applies = policy.statements.map((s) => ({ s, t: statementApplies(s, request, policy.variables) }));
  const denies = applies.filter(({ s }) => s.effect === 'Deny');
  const allows = applies.filter(({ s }) => s.effect === 'Allow');
  const denied = denies.find(({ t }) => t === true);
  if (denied) return { kind: 'denied', explicit: true, statement: denied.s.label };
  const deny = anyOf(denies.map(({ t }) => t));
  const allow = anyOf(allows.map(({ t }) => t));
  if (allow === false) return { kind: 'denied', explicit: false };
  if (deny === false && allow === true) {
    const by = allows.find(({ t }) => t === true);
    return { kind: 'allowed', statement: by?.s.label ?? '' };
  }
  const on = [...(isUnknown(deny) ? deny.dependsOn : []), ...(isUnknown(allow) ? allow.dependsOn : [])];
  return { kind: 'undecided', dependsOn: [...new Set(on)] };
}

/** `evaluatePolicy` on a policy's JSON text, or why the text cannot be read. Never throws. */
export function evaluatePolicyText(
  text: string,
  request: PolicyRequest,
): Decision | Readonly<{ kind: 'unreadable'; why: string }> {
  const parsed = parsePolicy(text);
  return parsed.ok ? evaluatePolicy(parsed.policy, request) : { kind: 'unreadable', why: parsed.why };
}

function statementApplies(s: Statement, r: PolicyRequest, variables: boolean): Truth {
  // Cheapest and most often decisive first: a statement on other actions settles nothing else.
  const action = matcherMatches(s.action, (p) => globMatches(p, r.action, true));
  if (action === false) return false;
  return allOf([
    action,
    s.principal ? principalMatches(s.principal, r.context) : true,
    matcherMatches(s.resource, (p) => resourceMatches(p, r, variables)),
    ...s.conditions.map((c) => conditionHolds(c, r.context, variables)),
  ]);
}

function matcherMatches(m: Matcher, one: (pattern: string) => Truth): Truth {
  const any = anyOf(m.patterns.map(one));
  return m.not ? not(any) : any;
}

function resourceMatches(written: string, r: PolicyRequest, variables: boolean): Truth {
  const pattern = variables ? substitute(written, r.context) : written;
  if (typeof pattern !== 'string') return pattern;
  if (!r.resourceTail) return globMatches(pattern, r.resource);
  return globMatchesTail(pattern, r.resource, r.resourceTail, RESOURCE_ARN);
}

function principalMatches(p: NonNullable<Statement['principal']>, context: RequestContext): Truth {
  const any = anyOf(p.entries.map((e) => principalEntryMatches(e, context)));
  return p.not ? not(any) : any;
}

const ACCOUNT_PRINCIPAL = /^(?:(\d{12})|arn:aws[\w-]*:iam::(\d{12}):root)$/;
const ROLE_SESSION = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

/**
 * Whether one `Principal` entry names the caller, an IAM role (the execution role, or the
 * instance role when the task has none): `*`, its account (`111122223333` or
 * `arn:aws:iam::111122223333:root`), its ARN, or one of its sessions. A user, a service or a
 * federated principal is never the caller. Principal ARNs take no wildcards.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
function principalEntryMatches(e: PrincipalEntry, context: RequestContext): Truth {
  if (e.type === '*') return true;
  if (e.type !== 'AWS') return false;
  if (e.value === '*') return true;
  const account = context['aws:principalaccount'];
  const arn = context['aws:principalarn'];
  const named = ACCOUNT_PRINCIPAL.exec(e.value);
  if (named) {
    const id = named[1] ?? named[2];
    return account === undefined ? unknown('aws:PrincipalAccount') : account === id;
  }
  const session = ROLE_SESSION.exec(e.value);
  if (session) {
    if (account !== undefined && account !== session[1]) return false;
    if (arn !== undefined && !arn.endsWith(`/${session[2]}`)) return false;
    return unknown('aws:PrincipalArn');
  }
  if (arn !== undefined) return arn === e.value;
  const roleAccount = /^arn:aws[\w-]*:iam::(\d{12}):role\//.exec(e.value)?.[1];
  if (!roleAccount) return false;
  return account !== undefined && account !== roleAccount ? false : unknown('aws:PrincipalArn');
}
