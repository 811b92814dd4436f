import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../src/core/event.js';
import { inManagedPassRoleScope, managedProviderOf } from '../../src/core/managed-instances.js';
import { instanceRoleCli } from '../../src/core/plan/recommend-managed.js';
import { INPUT_CAPS } from '../../src/core/untrusted.js';
import { exampleEvents } from '../support/fixtures.js';

/** The capacity provider's name comes from an untrusted event; role and provider names reach commands. */

const stopped = () =>
  structuredClone(exampleEvents().find((e) => e.name === 'network-timeout--ecr-pull-i-o-timeout')?.event) as {
    detail: Record<string, unknown>;
  };

describe('a Managed Instances task’s capacity provider, from any event', () => {
  it('parses any capacityProviderName string, cut to its cap, and reads a provider only for Managed Instances', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 3000 }),
        fc.option(fc.string(), { nil: undefined }),
        (name, launchType) => {
          const event = stopped();
          event.detail.capacityProviderName = name;
          if (launchType === undefined) delete event.detail.launchType;
          else event.detail.launchType = launchType;
          const task = parseTaskStateChange(event);
          expect((task.capacityProviderName ?? '').length).toBeLessThanOrEqual(INPUT_CAPS.shortChars);
          const read = managedProviderOf(task);
          if (read !== undefined) {
            expect(read).toBe(task.capacityProviderName);
            expect([undefined, 'MANAGED_INSTANCES']).toContain(task.launchType);
          }
        },
      ),
    );
  });

  it('puts a role in the managed policy’s scope exactly when its path and name start with ecsInstanceRole', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\w+=,.@/-]{1,80}$/), (name) => {
        expect(inManagedPassRoleScope(`arn:aws:iam::111122223333:role/${name}`)).toBe(
          name.startsWith('ecsInstanceRole'),
        );
      }),
    );
  });
});

describe(instanceRoleCli.name, () => {
  it('gives commands only for names AWS allows; for any other, comments alone', () => {
    const names = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), fc.string({ maxLength: 60 }));
    fc.assert(
      fc.property(names, names, names, (provider, role, cluster) => {
        const cli = instanceRoleCli({
          id: 'managed-instances-role-not-passable',
          capacityProvider: provider,
          cluster,
          infrastructureRoleArn: 'arn:aws:iam::111122223333:role/ecsInfrastructureRole',
          instanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/ledger-profile',
          instanceRoleArn: `arn:aws:iam::111122223333:role/${role}`,
          basis: 'simulated',
          resources: [],
          evidence: [],
          breaks: [],
          fix: '',
        });
        const valid =
          /^[A-Za-z0-9_-]{1,255}$/.test(provider) &&
          /^[A-Za-z0-9_-]{1,255}$/.test(cluster) &&
          /^[\w+=,.@-]{1,64}$/.test(role.slice(role.lastIndexOf('/') + 1));
        const lines = cli.split('\n');
        if (!valid) expect(lines.every((l) => l.startsWith('# '))).toBe(true);
        // Nothing but aws commands, here-documents and comments, whatever the names.
        const code = lines.filter((l) => !l.startsWith('# ') && !l.startsWith('{') && l !== 'EOF');
        for (const line of code) expect(line).toMatch(/^(aws |cat > )/);
      }),
    );
  });
});
