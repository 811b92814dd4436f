import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeVpcEndpointsCommand, EC2Client, type VpcEndpoint } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { awsPorts } from '../../src/aws/ports.js';
import { parseTaskStateChange } from '../../src/core/event.js';
import { DEFAULT_DEPLOYMENT_POLICY } from '../../src/core/mode.js';
import { diagnoseTask, remediate } from '../../src/pipeline/run.js';
import { InMemoryLeaseStore } from '../../src/sim/incident-store.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { buildInMoto, MOTO_URL, motoEnv, resetMoto, withoutMoto } from '../support/moto.js';

type Doc = {
  findings: { id: string; service?: string; resources: string[]; evidence: string[]; fix: string }[];
  actions: {
    kind: string;
    service?: string;
    status: string;
    allowed: boolean;
    reason: string;
    cli: string;
    detail?: string;
    resourceIds: string[];
  }[];
};

/**
 * Writes that fail halfway, on the wire: a proxy in front of moto lets `CreateVpcEndpoint`
 * reach moto (the endpoint is made) and then loses the answer. moto, like some
 * AWS-compatible endpoints, ignores the client token, so nothing on its side stops a second
 * endpoint: ecs-pullfix's read before it creates is what must, and the endpoints that the
 * SDK's own retries made anyway are reported, with their cost.
 */
if (MOTO_URL === undefined) withoutMoto('writes that fail halfway, on moto');
describe.skipIf(MOTO_URL === undefined)('writes that fail halfway, on moto', () => {
  const url = MOTO_URL ?? '';
  const saved = { ...process.env };
  let proxy: FaultProxy;
  let file = '';
  let vpcId = '';
  let event: Record<string, unknown> = {};
  const ec2 = () => new EC2Client({});
  const endpointsFor = async (service: string): Promise<VpcEndpoint[]> =>
    (
      (await ec2().send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
        .VpcEndpoints ?? []
    ).filter((e) => e.ServiceName === `com.amazonaws.us-east-1.${service}`);
  const replay = async (env: Record<string, string>): Promise<{ code: number; doc: Doc; stderr: string }> => {
    const { code, stdout, stderr } = await runCli(
      ['replay', file, '--mode', 'auto-fix', '--yes', '--json'],
      '',
      env,
    );
    return { code, doc: JSON.parse(stdout) as Doc, stderr };
  };

  beforeAll(async () => {
    Object.assign(process.env, motoEnv(url));
    proxy = await startFaultProxy(url);
  });
  afterAll(async () => {
    for (const key of Object.keys(motoEnv(url))) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await proxy.close();
  });
  beforeEach(async () => {
    proxy.heal();
    await resetMoto(url);
    const scenario = loadScenario('no-egress-no-endpoints');
    const built = await buildInMoto(scenario, url);
    event = built.event;
    vpcId = built.ids.get(scenario.vpcId) ?? '';
    file = join(mkdtempSync(join(tmpdir(), 'pullfix-half-')), 'event.json');
    writeFileSync(file, JSON.stringify(event));
  });

  it('a create whose answer was lost after moto made the endpoint: the retry of the same plan finds it, reports its id, and makes no second one', async () => {
    // One invocation's diagnosis and plan, applied twice: the second is the retry that a
    // failed write asks for, still holding the plan that says the ecr.api endpoint is missing.
    const ports = awsPorts({ endpoints: { ec2: proxy.url } });
    const diagnosis = await diagnoseTask(parseTaskStateChange(event), ports);
    const options = {
      deployment: DEFAULT_DEPLOYMENT_POLICY,
      mode: 'auto-fix' as const,
      writer: ports.ec2Writer,
      leases: new InMemoryLeaseStore(),
    };
    // The first answer is lost (500); the SDK's retries then find the service unavailable.
    proxy.loseAnswers('500', ['CreateVpcEndpoint'], 1);
    const first = await remediate(diagnosis, ports, options);
    const created = await endpointsFor('ecr.api');
    expect(proxy.lost.get('CreateVpcEndpoint')).toBe(1);
    expect(created).toHaveLength(1);
    const at = (r: typeof first, kind: string, service?: string) =>
      r.outcomes?.[r.plan?.actions.findIndex((a) => a.kind === kind && a.service === service) ?? -1];
    expect(at(first, 'create-interface-endpoint', 'ecr.api')).toMatchObject({
      status: 'failed',
      retryable: true,
    });

    proxy.heal();
    const retry = await remediate(diagnosis, ports, options);
    const id = created[0]?.VpcEndpointId ?? '';
    expect(at(retry, 'create-interface-endpoint', 'ecr.api')).toMatchObject({
      status: 'verified',
      resourceIds: [id],
      detail: `${id} already exists`,
    });
    expect(await endpointsFor('ecr.api')).toHaveLength(1);
    expect(retry.outcomes?.filter((o) => o.status === 'failed')).toEqual([]);
    expect(retry.after?.map((f) => f.id)).toEqual(['path-ok']);
  });

  it('the same, from the command line: the run stops at the write, and the same command again finishes without a second endpoint', async () => {
    const env = { ...motoEnv(url), AWS_ENDPOINT_URL_EC2: proxy.url };
    proxy.loseAnswers('reset', ['CreateVpcEndpoint'], 1);
    const first = await replay(env);
    expect(first.code).toBe(254);
    expect(proxy.lost.get('CreateVpcEndpoint')).toBe(1);
    expect(await endpointsFor('ecr.api')).toHaveLength(1);

    proxy.heal();
    const second = await replay(env);
    expect(second.code).toBe(0);
    // The endpoint the lost answer made is the one the path now goes through.
    const [endpoint] = await endpointsFor('ecr.api');
    expect(await endpointsFor('ecr.api')).toHaveLength(1);
    expect(second.doc.findings.map((f) => f.id)).not.toContain('duplicate-endpoints');
    expect(second.doc.findings.find((f) => f.id === 'missing-endpoint' && f.service === 'ecr.api')).toBe(
      undefined,
    );
    for (const service of ['ecr.dkr', 'logs', 's3']) expect(await endpointsFor(service)).toHaveLength(1);
    expect(endpoint?.Tags).toEqual(expect.arrayContaining([{ Key: 'ecs-pullfix:managed', Value: 'true' }]));
  });

  it('every answer lost: the SDK tries five times and moto makes five endpoints; the next run makes no sixth, reports four duplicates with their cost and the command, and counts them against the ceiling', async () => {
    const env = { ...motoEnv(url), AWS_ENDPOINT_URL_EC2: proxy.url };
    proxy.loseAnswers('500', ['CreateVpcEndpoint']);
    const first = await replay(env);
    expect(first.code).toBe(254);
    const made = await endpointsFor('ecr.api');
    expect(made).toHaveLength(proxy.lost.get('CreateVpcEndpoint') ?? 0);
    expect(made).toHaveLength(5);

    proxy.heal();
    const second = await replay(env);
    expect(await endpointsFor('ecr.api')).toHaveLength(5);
    const duplicates = second.doc.findings.find((f) => f.id === 'duplicate-endpoints');
    const ids = made.map((e) => e.VpcEndpointId ?? '');
    expect(duplicates).toMatchObject({ service: 'ecr.api' });
    expect([...(duplicates?.resources ?? [])].sort()).toEqual([...ids].sort());
    expect(duplicates?.evidence[0]).toBe(
      `5 interface endpoints for com.amazonaws.us-east-1.ecr.api in ${vpcId}, where one is enough (all created by ecs-pullfix): the 4 others cost $29.20 a month`,
    );
    expect(duplicates?.evidence.slice(1).every((e) => / created \d{4}-\d\d-\d\dT/.test(e))).toBe(true);
    const extras = duplicates?.resources.slice(1) ?? [];
    const deletion = second.doc.actions.find((a) => a.kind === 'recommend:delete-duplicate-endpoints');
    expect(deletion?.cli).toBe(
      `aws ec2 delete-vpc-endpoints --vpc-endpoint-ids ${extras.join(' ')}   # keeps ${duplicates?.resources[0]}; saves $29.20 a month`,
    );
    // Five of ecs-pullfix's endpoints exist: the ceiling of six lets one more be made, not three.
    const creates = second.doc.actions.filter((a) => /^create-(interface|s3-gateway)-endpoint$/.test(a.kind));
    expect(creates.map((a) => [a.service, a.allowed])).toEqual([
      ['ecr.dkr', true],
      ['logs', false],
      ['s3', false],
    ]);
    expect(creates[1]?.reason).toBe(
      'the ceiling of 6 endpoints ecs-pullfix may create per VPC is reached (5 of its endpoints exist, 4 of them duplicates: see duplicate-endpoints)',
    );
  });

  it('reports the duplicates a scenario built in moto holds: their ids, states and creation, and the command that deletes the extras', async () => {
    await resetMoto(url);
    const scenario = loadScenario('duplicate-endpoints-after-lost-answers');
    const built = await buildInMoto(scenario, url);
    const local = join(mkdtempSync(join(tmpdir(), 'pullfix-dup-')), 'event.json');
    writeFileSync(local, JSON.stringify(built.event));
    const { code, stdout } = await runCli(['replay', local, '--json', '--mode', 'dry-run'], '', motoEnv(url));
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as Doc;
    const moto = (id: string) => built.ids.get(id) ?? id;
    const keep = moto('vpce-0c3e5a7b9d1f3c212');
    const extras = [
      'vpce-0c3e5a7b9d1f3c223',
      'vpce-0c3e5a7b9d1f3c234',
      'vpce-0c3e5a7b9d1f3c245',
      'vpce-0c3e5a7b9d1f3c256',
    ].map(moto);
    const finding = doc.findings.find((f) => f.id === 'duplicate-endpoints');
    expect(finding?.service).toBe('ecr.dkr');
    // moto stamps them within a second or so: which extra is older than which does not matter.
    expect(finding?.resources[0]).toBe(keep);
    expect(finding?.resources.slice(1).sort()).toEqual([...extras].sort());
    expect(finding?.evidence[1]).toMatch(
      new RegExp(`^kept: ${keep} \\(available, private DNS on, 2 AZs, \\$14\\.60 a month, created \\d{4}-`),
    );
    expect(finding?.fix).toContain('that saves $58.40 a month');
    expect(doc.actions.find((a) => a.kind === 'recommend:delete-duplicate-endpoints')?.cli).toBe(
      `aws ec2 delete-vpc-endpoints --vpc-endpoint-ids ${finding?.resources.slice(1).join(' ')}   # keeps ${keep}; saves $58.40 a month`,
    );
  });
});
