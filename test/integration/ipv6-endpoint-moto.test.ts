import {
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import {
  MOTO_URL,
  motoEnv,
  resetMoto,
  unsupportedInMoto,
  useProcessEnv,
  withoutMoto,
} from '../support/moto.js';

/**
 * An interface endpoint's IP address type on moto: moto takes `IpAddressType` and `DnsOptions`
 * but never says them back, so the scenarios that turn on them (an IPv6-only task and a Logs
 * endpoint, IPv4-only or dual-stack) are the simulated account's only. When moto starts saying
 * them, this test fails: build those scenarios in moto then.
 */
const ON_IP_ADDRESS_TYPE = [
  'ipv6-only-logs-endpoint-ipv4-only',
  'ipv6-only-logs-endpoint-dual-stack-healthy',
];

if (MOTO_URL === undefined) {
  withoutMoto("an interface endpoint's IP address type on moto");
} else {
  const url = MOTO_URL;
  describe("an interface endpoint's IP address type on moto", () => {
    useProcessEnv(motoEnv(url));

    it('is taken but never said back, so the scenarios that turn on it say why they are not built', async () => {
      await resetMoto(url);
      const ec2 = new EC2Client({});
      const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.90.0.0/16' }));
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({ VpcId: Vpc?.VpcId ?? '', CidrBlock: '10.90.10.0/24' }),
      );
      const { VpcEndpoint } = await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: Vpc?.VpcId ?? '',
          ServiceName: 'com.amazonaws.us-east-1.logs',
          VpcEndpointType: 'Interface',
          SubnetIds: [Subnet?.SubnetId ?? ''],
          IpAddressType: 'dualstack',
          DnsOptions: { DnsRecordIpType: 'dualstack' },
        }),
      );

      const { VpcEndpoints } = await ec2.send(
        new DescribeVpcEndpointsCommand({ VpcEndpointIds: [VpcEndpoint?.VpcEndpointId ?? ''] }),
      );

      expect(VpcEndpoints?.[0]?.IpAddressType).toBeUndefined();
      expect(VpcEndpoints?.[0]?.DnsOptions?.DnsRecordIpType).toBeUndefined();
      for (const name of ON_IP_ADDRESS_TYPE)
        expect(unsupportedInMoto(loadScenario(name)), name).toMatch(/IpAddressType/);
    });
  });
}
