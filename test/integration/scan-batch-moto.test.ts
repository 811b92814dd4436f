import { CreateServiceCommand, DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { SdkEcsReader } from '../../src/aws/ecs-reader.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import { buildInMoto, MOTO_URL, motoEnv, resetMoto, useProcessEnv, withoutMoto } from '../support/moto.js';

/**
 * `scan` on moto: a cluster's services described 10 to a `DescribeServices` call by the SDK
 * reader, a service ECS does not know reported in the answer's `failures` (MISSING), and the
 * command checking each of 12 services of one cluster.
 */
if (MOTO_URL === undefined) {
  withoutMoto('scan: DescribeServices in batches on moto');
} else {
  const url = MOTO_URL;
  describe('scan: DescribeServices in batches on moto', () => {
    useProcessEnv(motoEnv(url));

    /** The scenario built in moto, and 11 more services like its own (`<service>-2` … `-12`). */
    const twelveServices = async () => {
      const scenario = loadScenario('no-egress-no-endpoints');
      await resetMoto(url);
      await buildInMoto(scenario, url);
      const ecs = new ECSClient({
        endpoint: url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      });
      const cluster = scenario.file.cluster.name;
      const name = scenario.service?.name ?? '';
      const [first] =
        (await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }))).services ?? [];
      for (let n = 2; n <= 12; n++)
        await ecs.send(
          new CreateServiceCommand({
            cluster,
            serviceName: `${name}-${n}`,
            taskDefinition: first?.taskDefinition,
            desiredCount: 0,
            launchType: 'FARGATE',
            networkConfiguration: first?.networkConfiguration,
          }),
        );
      return { ecs, cluster, names: [name, ...Array.from({ length: 11 }, (_, i) => `${name}-${i + 2}`)] };
    };

    it('describes 12 services and one ECS does not know in 2 calls, the unknown one MISSING', async () => {
      const { ecs, cluster, names } = await twelveServices();
      let calls = 0;
      ecs.middlewareStack.add(
        (next) => async (args) => {
          calls++;
          return next(args);
        },
        { step: 'initialize', name: 'countCalls' },
      );
      const reads = await new SdkEcsReader(ecs).describeServices(cluster, [...names, 'orders-old']);
      expect(calls).toBe(2);
      expect(reads.filter((r) => 'facts' in r).map((r) => r.service)).toEqual(names);
      expect(reads.at(-1)).toEqual({ service: 'orders-old', missing: 'MISSING' });
      expect(reads[11]).toMatchObject({
        facts: { name: names[11], network: { assignPublicIp: 'DISABLED' } },
      });
    });

    it('scan checks each of the 12 services of the cluster', async () => {
      const { cluster, names } = await twelveServices();
      const { code, stdout, stderr } = await runCli(
        ['scan', '--cluster', cluster, '--json'],
        '',
        motoEnv(url),
      );
      expect(stderr).toBe('');
      expect(code).toBe(2);
      const doc = JSON.parse(stdout) as {
        checked: number;
        wouldFail: number;
        services: { service: string }[];
      };
      expect(doc).toMatchObject({ checked: 12, wouldFail: 12, unread: [] });
      // In the order ListServices gives them (moto's: by ARN).
      expect(doc.services.map((s) => s.service).sort()).toEqual([...names].sort());
    });
  });
}
