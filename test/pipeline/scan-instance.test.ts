import { describe, expect, it } from 'vitest';
import { isProblem } from '../../src/core/findings.js';
import { scan } from '../../src/pipeline/scan.js';
import { SimulatedFleet } from '../../src/sim/fleet.js';
import { loadScenario } from '../../src/sim/scenario.js';

/** 12 services in bridge mode on one capacity provider's instances (no NAT), beside 8 in awsvpc mode. */
const fleet = () =>
  new SimulatedFleet([
    { scenario: loadScenario('ec2-bridge-private-subnet-no-nat'), copies: 12 },
    { scenario: loadScenario('nat-gateway-failed'), copies: 8 },
  ]);

describe('scan: services on EC2 capacity providers', () => {
  it('checks each bridge service through the instance that stands in for its next task', async () => {
    const { services, unread } = await scan(undefined, 'us-east-1', fleet());
    expect(unread).toEqual([]);
    const bridge = services.filter((s) => s.service.startsWith('orders-worker-'));
    expect(bridge).toHaveLength(12);
    for (const s of bridge) {
      expect(s.instance, s.service).toMatch(/^i-0d6e5f4a3b2c1d0e9 \(container instance /);
      expect(s.findings.filter(isProblem)[0]?.id, s.service).toBe('no-egress-path');
    }
    // The awsvpc services keep their own path: no instance stands in for them.
    expect(services.filter((s) => s.instance !== undefined)).toHaveLength(12);
  });

  it('lists the cluster’s instances once and reads the standing-in instance once, however many services use it', async () => {
    const f = fleet();
    await scan(undefined, 'us-east-1', f);
    expect([...f.count('ecs:ListContainerInstances').values()]).toEqual([1]);
    expect([...f.count('ec2:DescribeInstances').values()]).toEqual([1]);
  });
});
