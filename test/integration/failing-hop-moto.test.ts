import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import { buildInMoto, MOTO_URL, motoEnv, resetMoto, useProcessEnv, withoutMoto } from '../support/moto.js';

type Doc = { findings: { id: string; evidence: string[] }[] };

/**
 * The failing hop and the DNS bypass on the real adapters: the scenario built in moto, replayed
 * through `ecs-pullfix replay --json`; the root finding's evidence names what moto holds.
 */
if (MOTO_URL === undefined) {
  withoutMoto('the failing hop on moto');
} else {
  const url = MOTO_URL;
  describe('the failing hop on moto', () => {
    useProcessEnv(motoEnv(url));

    const rootOf = async (name: string) => {
      await resetMoto(url);
      const { event, ids } = await buildInMoto(loadScenario(name), url);
      const file = join(mkdtempSync(join(tmpdir(), 'pullfix-hop-')), `${name}.json`);
      writeFileSync(file, JSON.stringify(event));
      const { code, stdout } = await runCli(['replay', file, '--json'], '', motoEnv(url));
      expect(code).toBe(0);
      return { root: (JSON.parse(stdout) as Doc).findings[0], ids };
    };

    it('names the endpoint interface the task reached, behind a group that drops it', async () => {
      const { root, ids } = await rootOf('secrets-endpoint-sg-dial-endpoint-interface');

      expect(root?.id).toBe('endpoint-sg-blocks-443');
      expect(root?.evidence.at(-1)).toMatch(
        new RegExp(
          `^the task dialled 10\\.30\\.2\\.47:443, ${ids.get('vpce-0c4e6a8b1d3f50944')}'s interface eni-\\w+ in ${ids.get('subnet-0a6c8e1b3d5f7a135')}: the path reached the endpoint`,
        ),
      );
    });

    it('names the Resolver rule that forwards amazonaws.com, and the public address dialled', async () => {
      const { root, ids } = await rootOf('resolver-forward-amazonaws-to-onprem');
      const rule = ids.get('rslvr-rr-2f4a6c8e0b1d3f571') ?? '';

      expect(root?.id).toBe('dns-bypasses-endpoints');
      expect(root?.evidence[0]).toMatch(
        new RegExp(
          `^Resolver rule ${rule} \\(onprem-all-aws\\) forwards amazonaws\\.com to 10\\.200\\.8\\.53, 10\\.200\\.9\\.53:`,
        ),
      );
      expect(root?.evidence.at(-1)).toMatch(/^the task dialled 52\.46\.158\.214:443, a public address of /);
    });

    it('says an on-premises registry address is beyond the VPC', async () => {
      const { root, ids } = await rootOf('harbor-onprem-via-tgw-dial-beyond-vpc');

      expect(root?.id).toBe('path-leaves-vpc');
      expect(root?.evidence.at(-1)).toBe(
        `the task dialled 10.250.3.14:443, a private address outside ${ids.get('vpc-0f6b8d1a3c5e7f913')} (10.140.0.0/20): a host beyond the VPC (on premises, a peered VPC), past what ecs-pullfix can see`,
      );
    });
  });
}
