import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import { clientTokenOf } from '../../src/core/plan.js';
import type { Ec2Writer, EndpointRequest } from '../../src/core/ports.js';
import { AwsCallError } from '../../src/errors.js';
import { applyPlan } from '../../src/pipeline/apply.js';
import { diagnoseTask, type Report, remediate, runPipeline } from '../../src/pipeline/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { InMemoryLeaseStore } from '../../src/sim/incident-store.js';
import { loadScenario } from '../../src/sim/scenario.js';

/**
 * The executor when a write fails halfway: an answer of "conflict", or one without an id, is
 * not taken on trust (the VPC's endpoints are read again and what exists is reported), and
 * an S3 gateway someone else created between the plan and the write is left to a person.
 */

const VPC = 'vpc-0a1b2c3d';
const mismatch = () =>
  new AwsCallError(
    'ec2:CreateVpcEndpoint',
    'IdempotentParameterMismatch',
    'conflict',
    'The client token you have provided is associated with a resource that is already deleted or has different parameters.',
  );

/** The simulated account's writer, with `createVpcEndpoint` replaced. */
function writerWith(account: SimulatedAccount, createVpcEndpoint: Ec2Writer['createVpcEndpoint']): Ec2Writer {
  const w = account.ec2Writer;
  return {
    createSecurityGroup: (...a) => w.createSecurityGroup(...a),
    authorizeIngress443: (...a) => w.authorizeIngress443(...a),
    authorizeEgress443: (...a) => w.authorizeEgress443(...a),
    createVpcEndpoint,
    addRouteTablesToEndpoint: (...a) => w.addRouteTablesToEndpoint(...a),
  };
}

async function autoFix(account: SimulatedAccount, writer: Ec2Writer): Promise<Report> {
  return runPipeline(parseTaskStateChange(account.event()), account, {
    deployment: DEFAULT_DEPLOYMENT_POLICY,
    mode: 'auto-fix',
    writer,
    leases: new InMemoryLeaseStore(),
  });
}

/** The outcome of the plan's action of `kind` (for `service`). */
function outcome(report: Report, kind: string, service?: string) {
  const i = report.plan?.actions.findIndex((a) => a.kind === kind && a.service === service) ?? -1;
  return report.outcomes?.[i];
}

const endpointsOf = (account: SimulatedAccount, service: string) =>
  account.endpoints.filter((e) => e.serviceName === `com.amazonaws.us-east-1.${service}`);

describe(`${applyPlan.name}: a create answered "conflict"`, () => {
  it('reports the endpoint that exists (its id, read again) and verifies it, when CreateVpcEndpoint made it and then answered IdempotentParameterMismatch', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const writer = writerWith(account, async (request, token, tags) => {
      await account.ec2Writer.createVpcEndpoint(request, token, tags);
      throw mismatch();
    });

    const report = await autoFix(account, writer);

    const [made] = endpointsOf(account, 'ecr.api');
    expect(endpointsOf(account, 'ecr.api')).toHaveLength(1);
    expect(outcome(report, 'create-interface-endpoint', 'ecr.api')).toEqual({
      id: `create-interface-endpoint:${VPC}:ecr.api`,
      status: 'verified',
      resourceIds: [made?.id],
      detail: `${made?.id} already exists (CreateVpcEndpoint answered IdempotentParameterMismatch; read again)`,
    });
    expect(report.after?.map((f) => f.id)).toEqual(['path-ok']);
  });

  it('fails the write, retryably, and attempts no other when the conflict leaves no endpoint to be found', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const writer = writerWith(account, async () => {
      throw mismatch();
    });

    const report = await autoFix(account, writer);

    expect(outcome(report, 'create-interface-endpoint', 'ecr.api')).toEqual({
      id: `create-interface-endpoint:${VPC}:ecr.api`,
      status: 'failed',
      resourceIds: [],
      detail: `CreateVpcEndpoint answered IdempotentParameterMismatch, and no interface endpoint for com.amazonaws.us-east-1.ecr.api is in ${VPC} when read again: try again later, or create it with the command (the same request made an endpoint that was deleted since)`,
      retryable: true,
    });
    expect(outcome(report, 'create-interface-endpoint', 'ecr.dkr')).toMatchObject({
      status: 'skipped',
      detail: `not attempted: create-interface-endpoint:${VPC}:ecr.api failed first`,
    });
    expect(report.outcomes?.some((o) => o.resourceIds.includes('unknown'))).toBe(false);
    expect(account.endpoints).toEqual([]);
  });

  it('reads again when CreateVpcEndpoint answers without an endpoint id, and reports the endpoint it made', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const writer = writerWith(account, async (request, token, tags) => {
      await account.ec2Writer.createVpcEndpoint(request, token, tags);
      return '';
    });

    const report = await autoFix(account, writer);

    const [made] = endpointsOf(account, 'logs');
    expect(outcome(report, 'create-interface-endpoint', 'logs')).toMatchObject({
      status: 'verified',
      resourceIds: [made?.id],
      detail: `${made?.id} already exists (CreateVpcEndpoint answered without an endpoint id; read again)`,
    });
  });

  it('takes an S3 gateway answered RouteAlreadyExists for made when the gateway it finds has the route tables', async () => {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const writer = writerWith(account, async (request, token, tags) => {
      const id = await account.ec2Writer.createVpcEndpoint(request, token, tags);
      if (request.type === 'Interface') return id;
      throw new AwsCallError(
        'ec2:CreateVpcEndpoint',
        'RouteAlreadyExists',
        'conflict',
        'route table rtb-private already has a route with destination-prefix-list-id pl-s3-us-east-1',
      );
    });

    const report = await autoFix(account, writer);

    const [gateway] = endpointsOf(account, 's3');
    expect(endpointsOf(account, 's3')).toHaveLength(1);
    expect(outcome(report, 'create-s3-gateway-endpoint', 's3')).toMatchObject({
      status: 'verified',
      resourceIds: [gateway?.id],
      detail: `${gateway?.id} already has rtb-private (CreateVpcEndpoint answered RouteAlreadyExists; read again)`,
    });
  });
});

describe(`${applyPlan.name}: the client token`, () => {
  it('is the digest of the request it sends: the endpoint group it made, the subnets, private DNS on', async () => {
    const sent: { request: EndpointRequest; token: string }[] = [];
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const writer = writerWith(account, (request, token, tags) => {
      sent.push({ request, token });
      return account.ec2Writer.createVpcEndpoint(request, token, tags);
    });

    await autoFix(account, writer);

    const group = account.securityGroups.find((g) => g.name === 'ecs-pullfix-endpoints');
    expect(sent.map((s) => s.request)).toEqual([
      ...['ecr.api', 'ecr.dkr', 'logs'].map((service) => ({
        type: 'Interface',
        vpcId: VPC,
        serviceName: `com.amazonaws.us-east-1.${service}`,
        subnetIds: ['subnet-private-a'],
        securityGroupIds: [group?.id],
        privateDns: true,
      })),
      {
        type: 'Gateway',
        vpcId: VPC,
        serviceName: 'com.amazonaws.us-east-1.s3',
        routeTableIds: ['rtb-private'],
      },
    ]);
    for (const { request, token } of sent) expect(token).toBe(clientTokenOf(request));
    expect(new Set(sent.map((s) => s.token)).size).toBe(4);
  });

  it('changes when the endpoint group does, so that AWS is not asked the same token for another request', async () => {
    /** The ecr.api endpoint's token and group, on an account where `before` groups were made first. */
    const run = async (before: number) => {
      const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
      for (let i = 0; i < before; i++)
        await account.ec2Writer.createSecurityGroup(VPC, `batch-workers-${i}`, 'batch workers', {});
      let sent: { token: string; groups: readonly string[] } | undefined;
      const writer = writerWith(account, (request, token, tags) => {
        if (request.type === 'Interface' && request.serviceName.endsWith('.ecr.api'))
          sent = { token, groups: request.securityGroupIds };
        return account.ec2Writer.createVpcEndpoint(request, token, tags);
      });
      await autoFix(account, writer);
      return sent;
    };

    const [first, again, otherGroup] = [await run(0), await run(0), await run(1)];

    expect(again).toEqual(first);
    expect(otherGroup?.groups).not.toEqual(first?.groups);
    expect(otherGroup?.token).not.toBe(first?.token);
  });
});

describe(`${applyPlan.name}: an S3 gateway someone else created between the plan and the write`, () => {
  /** The diagnosis and plan first; then another's gateway appears, on another route table; then auto-fix. */
  async function withGatewayAppearing(tags: Readonly<Record<string, string>>) {
    const account = new SimulatedAccount(loadScenario('no-egress-no-endpoints'));
    const diagnosis = await diagnoseTask(parseTaskStateChange(account.event()), account);
    const theirs = await account.ec2Writer.createVpcEndpoint(
      { type: 'Gateway', vpcId: VPC, serviceName: 'com.amazonaws.us-east-1.s3', routeTableIds: [] },
      'theirs',
      tags,
    );
    account.resetCounts();
    const report = await remediate(diagnosis, account, {
      deployment: DEFAULT_DEPLOYMENT_POLICY,
      mode: 'auto-fix',
      writer: account.ec2Writer,
      leases: new InMemoryLeaseStore(),
    });
    return { account, report, theirs };
  }

  it('adds no route table to it (the role would refuse): the change is left to a person, with the command and how to opt in', async () => {
    const { account, report, theirs } = await withGatewayAppearing({
      'aws:cloudformation:stack-name': 'platform-network',
    });

    expect(outcome(report, 'create-s3-gateway-endpoint', 's3')).toEqual({
      id: `create-s3-gateway-endpoint:${VPC}`,
      status: 'skipped',
      resourceIds: [theirs],
      detail: `${theirs} (exists since the plan) was not created by ecs-pullfix and is not tagged ecs-pullfix:allow-route-tables=true: a person must add rtb-private to it (aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${theirs} --add-route-table-ids rtb-private), or opt it in (aws ec2 create-tags --resources ${theirs} --tags Key=ecs-pullfix:allow-route-tables,Value=true)`,
    });
    expect(account.writes.map((w) => w.operation)).not.toContain('ec2:ModifyVpcEndpoint');
    expect(endpointsOf(account, 's3')).toHaveLength(1);
    // The endpoints before it were made; the skipped gateway stops nothing.
    expect(endpointsOf(account, 'logs')).toHaveLength(1);
  });

  it('adds the route table to it when its owner opted it in', async () => {
    const { account, report, theirs } = await withGatewayAppearing({
      'ecs-pullfix:allow-route-tables': 'true',
    });

    expect(outcome(report, 'create-s3-gateway-endpoint', 's3')).toMatchObject({
      status: 'verified',
      resourceIds: [theirs, 'rtb-private'],
      detail: `added rtb-private to ${theirs} (exists since the plan)`,
    });
    expect(account.writes.map((w) => w.operation)).toContain('ec2:ModifyVpcEndpoint');
  });
});
