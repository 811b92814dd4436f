import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCli } from '../support/cli.js';
import { buildInMoto, MOTO_URL, motoEnv, resetMoto, useProcessEnv, withoutMoto } from '../support/moto.js';

/**
 * `ecs-pullfix replay EVENT_FILE` as text, on the real adapters against moto: what a person
 * reads first is the verdict, and the report fits 100 columns (the output is not a terminal).
 */
if (MOTO_URL === undefined) {
  withoutMoto('replay as text on moto');
} else {
  const url = MOTO_URL;
  describe('replay as text on moto', () => {
    useProcessEnv(motoEnv(url));

    it('no-egress: the verdict in the first 3 lines, no line over 100 columns, the notice only with --show-notice', async () => {
      const scenario = loadScenario('no-egress-no-endpoints');
      await resetMoto(url);
      const { event } = await buildInMoto(scenario, url);
      const file = join(mkdtempSync(join(tmpdir(), 'pullfix-text-')), 'no-egress.json');
      writeFileSync(file, JSON.stringify(event));

      const { code, stdout, stderr } = await runCli(['replay', file], '', motoEnv(url));

      expect(stderr).toBe('');
      expect(code).toBe(0);
      const lines = stdout.trimEnd().split('\n');
      const verdict = lines.slice(0, lines.indexOf(''));
      expect(verdict.length).toBeGreaterThan(0);
      expect(verdict.length).toBeLessThanOrEqual(3);
      const said = verdict.join(' ').replace(/\s+/g, ' ');
      expect(said).toMatch(
        /^no-egress-path breaks image checkout:1\.4\.2 and the awslogs log driver of container app\. /,
      );
      expect(said).toMatch(/Fix .*\(~\$\d+\.\d\d\/month\)/);
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
      expect(lines.at(-1)).toBe('the notice was not sent (no topic); --show-notice prints it');

      const shown = await runCli(['replay', file, '--show-notice'], '', motoEnv(url));
      expect(shown.stdout).toContain('── the notice (not sent: no topic) ──\nSubject: [ecs-pullfix] ');
      expect(shown.stdout).toContain('\nWHAT FAILED\n');
    });
  });
}
