import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  DescribeCapacityProvidersCommand,
  ECSClient,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import {
  MOTO_HAS_NO_MANAGED_INSTANCES,
  MOTO_URL,
  resetMoto,
  unsupportedInMoto,
  withoutMoto,
} from '../support/moto.js';

/**
 * The Managed Instances scenarios run on the simulated account only: moto's ECS cannot build a
 * Managed Instances capacity provider. This holds the reason true, so that the day moto can,
 * this test fails and the scenarios join the moto replays.
 */
const SCENARIOS = [
  'managed-instances-instance-role-wrongly-named',
  'managed-instances-instance-role-ecsinstancerole-healthy',
];

describe('the Managed Instances scenarios', () => {
  it.each(SCENARIOS)('%s: says why moto cannot build it', (name) => {
    expect(unsupportedInMoto(loadScenario(name))).toBe(MOTO_HAS_NO_MANAGED_INSTANCES);
  });
});

if (MOTO_URL === undefined) {
  withoutMoto('Managed Instances on moto');
} else {
  const url = MOTO_URL;
  describe('Managed Instances on moto', () => {
    const ecs = new ECSClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const managedInstancesProvider = {
      infrastructureRoleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRole',
      instanceLaunchTemplate: {
        ec2InstanceProfileArn: 'arn:aws:iam::123456789012:instance-profile/ecsInstanceRole-ledger-mi',
        networkConfiguration: {
          subnets: ['subnet-0b8c9d0e1f2a3b4c5'],
          securityGroups: ['sg-0f2a3b4c5d6e7f8a1'],
        },
      },
    };

    it('fails CreateCapacityProvider with only a managedInstancesProvider', async () => {
      await resetMoto(url);
      await ecs.send(new CreateClusterCommand({ clusterName: 'ledger' }));
      await expect(
        ecs.send(
          new CreateCapacityProviderCommand({
            name: 'ledger-mi',
            cluster: 'ledger',
            managedInstancesProvider,
          }),
        ),
      ).rejects.toThrow();
    });

    it('describes a provider with no type nor managedInstancesProvider, whatever it was given', async () => {
      await resetMoto(url);
      await ecs.send(
        new CreateCapacityProviderCommand({
          name: 'ledger-mi',
          managedInstancesProvider,
          autoScalingGroupProvider: {
            autoScalingGroupArn:
              'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1:autoScalingGroupName/ledger',
          },
        }),
      );
      const out = await ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['ledger-mi'] }));
      expect(out.capacityProviders?.[0]?.name).toBe('ledger-mi');
      expect(out.capacityProviders?.[0]?.type).toBeUndefined();
      expect(out.capacityProviders?.[0]?.managedInstancesProvider).toBeUndefined();
    });
  });
}
