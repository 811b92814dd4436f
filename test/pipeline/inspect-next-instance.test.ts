import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SimOptions } from '../../src/sim/account.js';
import { parseScenario, SCENARIOS_DIR } from '../../src/sim/scenario.js';
import { diagnosedOnSim } from '../support/diagnosed.js';

/**
 * A container instance gone with scale-in: EC2 still lists it (about an hour) with its launch
 * template's tags, and the path is checked as the group's next instance from that template
 * version would have it (its groups, public IP, profile; the subnet the agent registered).
 */
const TERMINATED = 'ec2-bridge-instance-terminated';
const BLOCKED = 'ec2-bridge-instance-terminated-template-sg-blocks-443';

function diagnosed(name: string, options: SimOptions = {}, edit = (text: string) => text) {
  const text = edit(readFileSync(`${SCENARIOS_DIR}${name}.yaml`, 'utf8'));
  return diagnosedOnSim(parseScenario(name, text), options);
}

describe('a gone container instance, checked as its group’s next instance', () => {
  it('reads the launch template version in round 3 and keeps the path within 3 rounds', async () => {
    const { account, notes, report } = await diagnosed(TERMINATED);
    expect(notes).toEqual([]);
    expect(account.calls.filter((c) => c.operation === 'ec2:DescribeLaunchTemplateVersions')).toEqual([
      expect.objectContaining({ round: 3 }),
    ]);
    expect(account.rounds).toBeLessThanOrEqual(3);
    expect(report.findings[0]?.id).toBe('no-egress-path');
  });

  it('names the template and version whose group blocks 443, in the finding and its fix', async () => {
    const { report } = await diagnosed(BLOCKED);
    const blocked = report.findings.find((f) => f.id === 'task-sg-blocks-443');
    expect(blocked?.evidence[0]).toContain(
      'sg-0f9e0d1c2b3a4f5e6 (the container instance i-0a0f1e2d3c4b5a6f7 (gone; the next instance from launch template lt-0b1a2f3e4d5c6b7a8 (version 7) stands in)',
    );
    expect(blocked?.fix).toContain('Allow outbound TCP 443 from sg-0f9e0d1c2b3a4f5e6');
  });

  it('says the next instance is unknown when the template version no longer exists', async () => {
    const { notes } = await diagnosed(BLOCKED, {}, (t) =>
      t.replace("    version: '7'\n", "    version: '7'\n    deleted: true\n"),
    );
    expect(notes).toEqual([
      'task-security-groups: security groups unknown: the container instance i-0a0f1e2d3c4b5a6f7 is gone (terminated: Client.UserInitiatedShutdown: User initiated shutdown; ECS deregistered it); the next instance from launch template lt-0b1a2f3e4d5c6b7a8 (version 7) is unknown: the template or version no longer exists',
    ]);
  });

  it('names the refused read when the launch template cannot be read', async () => {
    const { notes, report } = await diagnosed(BLOCKED, {
      faults: [{ operation: 'ec2:DescribeLaunchTemplateVersions', kind: 'denied' }],
    });
    expect(notes).toEqual([
      expect.stringMatching(
        /^task-security-groups: security groups unknown: .*; the next instance from launch template lt-0b1a2f3e4d5c6b7a8 \(version 7\) is not checked: reading launch template lt-0b1a2f3e4d5c6b7a8 \(version 7\) failed: ec2:DescribeLaunchTemplateVersions was denied/,
      ),
    ]);
    expect(report.findings.map((f) => f.id)).not.toContain('path-ok');
  });

  it('gives the next instance the template’s public IP when it says so', async () => {
    const { report } = await diagnosed('ec2-bridge-instance-terminated-template-healthy', {}, (t) =>
      t.replace("    version: '8'\n", "    version: '8'\n    publicIp: true\n"),
    );
    const pathOk = report.findings.find((f) => f.id === 'path-ok');
    expect(pathOk?.evidence[0]).toMatch(/sg-0f9e0d1c2b3a4f5e6, with a public IP$/);
  });
});
