import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkEc2Reader } from '../../src/aws/ec2-reader.js';

const ec2 = mockClient(EC2Client);
const reader = new SdkEc2Reader(new EC2Client({ region: 'us-east-1' }));

describe(`${SdkEc2Reader.name}: the VPC's opt-in`, () => {
  beforeEach(() => ec2.reset());

  it('reads a VPC’s tags by a vpc-id filter', async () => {
    ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [
        {
          VpcId: 'vpc-0a1b2c3d',
          Tags: [
            { Key: 'ecs-pullfix:allow-auto-fix', Value: 'true' },
            { Key: 'Name', Value: 'prod' },
          ],
        },
      ],
    });
    expect(await reader.describeVpcTags('vpc-0a1b2c3d')).toEqual({
      'ecs-pullfix:allow-auto-fix': 'true',
      Name: 'prod',
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcsCommand, {
      Filters: [{ Name: 'vpc-id', Values: ['vpc-0a1b2c3d'] }],
    });
  });

  it('says a VPC deleted since was not found', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    await expect(reader.describeVpcTags('vpc-gone')).rejects.toMatchObject({
      operation: 'ec2:DescribeVpcs',
      kind: 'not-found',
    });
  });
});
