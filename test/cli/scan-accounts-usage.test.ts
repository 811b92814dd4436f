import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli } from '../support/cli.js';

/** `scan --accounts`'s arguments: refused before anything is read, as the CLI's other usage errors (252). */
describe('scan --accounts: its arguments', () => {
  const env = { AWS_REGION: 'us-east-1' };

  it.each([
    [
      'an id of 11 digits',
      ['--accounts', '11112222333'],
      /"11112222333" is not an account id \(12 digits each/,
    ],
    ['an id among good ones', ['--accounts', '111122223333,prod'], /"prod" is not an account id/],
    ['an empty id', ['--accounts', '111122223333,'], /"" is not an account id/],
    [
      'both --accounts and --organization',
      ['--accounts', '111122223333', '--organization'],
      /give one of them/,
    ],
    [
      '--role-name without accounts',
      ['--role-name', 'auditor'],
      /--role-name is for --accounts or --organization/,
    ],
    [
      'a role name IAM cannot hold',
      ['--accounts', '111122223333', '--role-name', 'roles/auditor'],
      /is not an IAM role name/,
    ],
  ])('refuses %s with exit 252, saying why', async (_, args, why) => {
    const { code, stdout, stderr } = await runCli(['scan', ...args], '', env);

    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(why);
    expect(stdout).toBe('');
  });

  it('says in --help how the role’s name is made', async () => {
    const { stdout } = await runCli(['scan', '--help']);

    expect(stdout).toContain('--accounts <ids>');
    expect(stdout).toContain('--organization');
    expect(stdout.replace(/\s+/g, ' ')).toContain('NAME-<region>');
  });
});
