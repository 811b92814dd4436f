import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { runScenario } from '../support/scenarios.js';

/** The last line of the root finding's evidence, where the failing hop is said. */
async function hopOf(name: string): Promise<string | undefined> {
  const { report } = await runScenario(loadScenario(name));
  return report.findings[0]?.evidence.at(-1);
}

describe('the failing hop, read from the account', () => {
  it('says the task reached the Secrets Manager endpoint whose security group dropped it', async () => {
    expect(await hopOf('secrets-endpoint-sg-dial-endpoint-interface')).toMatch(
      /^the task dialled 10\.30\.2\.47:443, vpce-0c4e6a8b1d3f50944's interface eni-\w+ in subnet-0a6c8e1b3d5f7a135: the path reached the endpoint, so the security group or network ACL on that hop is the suspect$/,
    );
  });

  it('says the registry name resolved to a public address while a Resolver rule forwards amazonaws.com', async () => {
    expect(await hopOf('resolver-forward-amazonaws-to-onprem')).toBe(
      'the task dialled 52.46.158.214:443, a public address of 111122223333.dkr.ecr.us-east-1.amazonaws.com: the name did not resolve to vpce-0a2c4e6b8d1f30722 (private DNS off, a custom resolver, or a name the endpoint does not serve — the dual-stack *.on.aws names, FIPS names)',
    );
  });

  it('says an on-premises registry address is beyond the VPC', async () => {
    expect(await hopOf('harbor-onprem-via-tgw-dial-beyond-vpc')).toBe(
      'the task dialled 10.250.3.14:443, a private address outside vpc-0f6b8d1a3c5e7f913 (10.140.0.0/20): a host beyond the VPC (on premises, a peered VPC), past what ecs-pullfix can see',
    );
  });
});
