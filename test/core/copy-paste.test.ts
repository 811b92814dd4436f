import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import type { Action } from '../../src/core/plan.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { loadScenario, loadScenarios, type Scenario } from '../../src/sim/scenario.js';

/** A scenario's plan under the default policy, in its cluster's mode (the commands are the same in every mode). */
async function planOf(scenario: Scenario): Promise<readonly Action[]> {
  const account = new SimulatedAccount(scenario);
  const report = await runPipeline(parseTaskStateChange(account.event()), account, {
    deployment: DEFAULT_DEPLOYMENT_POLICY,
  });
  return report.plan?.actions ?? [];
}

/** Every command a person may copy, scenario by scenario. */
async function everyPlan(): Promise<{ name: string; actions: readonly Action[] }[]> {
  const plans = [];
  for (const scenario of loadScenarios())
    plans.push({ name: scenario.name, actions: await planOf(scenario) });
  return plans;
}

async function cliOf(scenario: string, kind: Action['kind']): Promise<string[]> {
  const action = (await planOf(loadScenario(scenario))).find((a) => a.kind === kind);
  if (!action) throw new Error(`no ${kind} in ${scenario}`);
  return action.cli.split('\n');
}

describe('the copy-paste commands', () => {
  it('never hold a <placeholder> (chat and e-mail renderers take it for an HTML tag)', async () => {
    const plans = await everyPlan();
    expect(plans.flatMap((p) => p.actions).length).toBeGreaterThan(50);
    for (const { name, actions } of plans)
      for (const a of actions) expect(a.cli, `${name}: ${a.kind}`).not.toMatch(/<[A-Za-z][^<>]*>/);
  });

  it('use only shell variables set before, in the same command or an earlier one of the plan', async () => {
    for (const { name, actions } of await everyPlan()) {
      const set = new Set<string>();
      for (const line of actions.flatMap((a) => a.cli.split('\n'))) {
        const code = line.replace(/\s#.*$/, '');
        if (code.startsWith('#')) continue;
        for (const [, used] of code.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)/g))
          expect(set.has(used ?? ''), `${name}: $${used} in ${line}`).toBe(true);
        const assigned = /^([A-Z_][A-Z0-9_]*)=/.exec(code)?.[1];
        if (assigned) set.add(assigned);
      }
    }
  });

  it('ask for the public subnet of a NAT gateway as PUBLIC_SUBNET_ID, set on the line before', async () => {
    const [subnet, nat] = await cliOf('no-egress-no-endpoints', 'recommend:add-nat-gateway');

    expect(subnet).toBe(
      'PUBLIC_SUBNET_ID=subnet-...   # a public subnet of vpc-0a1b2c3d (its route table sends 0.0.0.0/0 to an internet gateway)',
    );
    expect(nat).toMatch(/^NAT=\$\(aws ec2 create-nat-gateway --subnet-id "\$PUBLIC_SUBNET_ID" /);
  });

  it('ask for the Docker Hub credentials of a pull-through cache as SECRET_ARN, set on the line before', async () => {
    const [secret, rule, then] = await cliOf(
      'dockerhub-image-private-subnet-ecr-endpoints',
      'recommend:mirror-image',
    );

    expect(secret).toMatch(
      /^SECRET_ARN=arn:aws:secretsmanager:us-east-1:111122223333:secret:ecr-pullthroughcache\/\.\.\. {3}# /,
    );
    expect(rule).toMatch(/ --credential-arn "\$SECRET_ARN"$/);
    expect(then).toBe(
      '# then pull through it: nginx:1.27 becomes 111122223333.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27',
    );
  });

  it('ask the owner of an endpoint service for its id as ENDPOINT_SERVICE_ID, set on the line before', async () => {
    const [who, id, accept] = await cliOf('endpoint-pending-acceptance', 'recommend:accept-endpoint');

    expect(who).toBe('# run by the owner of the endpoint service:');
    expect(id).toBe(
      'ENDPOINT_SERVICE_ID=vpce-svc-...   # the endpoint service vpce-0b1d3f5a7c9e20202 connects to',
    );
    expect(accept).toBe(
      'aws ec2 accept-vpc-endpoint-connections --service-id "$ENDPOINT_SERVICE_ID" --vpc-endpoint-ids vpce-0b1d3f5a7c9e20202',
    );
  });
});
