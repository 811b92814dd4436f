import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario.js';
import { runCommand } from '../support/command.js';
import { buildInMoto, MOTO_URL, motoEnv, resetMoto, withoutMoto } from '../support/moto.js';
import { CONTROL } from '../support/shell.js';

/**
 * The installed command's `check` on moto, for a service whose task definition an attacker
 * wrote: an OSC 52 escape (which sets the clipboard of whoever runs it) and a bell in a
 * container's name and its log group, a right-to-left override in a parameter's name
 * (`hostile-terminal-escapes`); a newline in valueFrom forging a heading and an
 * AdministratorAccess line (`hostile-valuefrom-newline`). moto keeps the names as they were
 * registered; what reaches the terminal holds no control character, and no line of the name.
 */
if (MOTO_URL === undefined) {
  withoutMoto('check on moto, with hostile names');
} else {
  const url = MOTO_URL;

  describe.each(['hostile-terminal-escapes', 'hostile-valuefrom-newline'])('check of %s on moto', (name) => {
    const scenario = loadScenario(name);
    let stdout = '';
    let stderr = '';
    let code: number | null = null;
    beforeAll(async () => {
      await resetMoto(url);
      await buildInMoto(scenario, url);
      ({ stdout, stderr, code } = await runCommand(
        ['check', '--cluster', scenario.file.cluster.name, '--service', scenario.service?.name ?? ''],
        { env: motoEnv(url) },
      ));
    }, 60_000);

    it('says a new task would fail to start (exit 2), and why', () => {
      expect(stderr).toBe('');
      expect(code).toBe(2);
      expect(stdout).toMatch(/^A new task would fail to start: /);
    });

    it('prints no control character: no OSC 52, no bell, no escape, no bidi override', () => {
      expect(stdout.replaceAll('\n', '')).not.toMatch(CONTROL);
      expect(stdout).not.toContain('\uFFFD'); // nothing was left for the last pass to take out
    });

    it('prints no line the name wrote: no forged heading, no AdministratorAccess command', () => {
      const lines = stdout.split('\n').map((l) => l.trim());
      expect(lines.filter((l) => /^(?:WHAT IS WRONG|COMMANDS|aws iam attach-role-policy)/.test(l))).toEqual(
        [],
      );
    });
  });
}
