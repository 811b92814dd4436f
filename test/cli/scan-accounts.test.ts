import { describe, expect, it } from 'vitest';
import { SOME_NOT_READ, WOULD_FAIL } from '../../src/cli/check-command.js';
import { memberRoleName, parseAccounts, scanAccountsOn } from '../../src/cli/scan-accounts.js';
import { InvalidInputError } from '../../src/errors.js';
import { SimulatedOrganization } from '../../src/sim/organization.js';
import { textSink } from '../support/cli.js';

const REGION = 'eu-west-1';

describe('scan --accounts over 50 simulated accounts', () => {
  it('assumes each account’s member role exactly once and repeats no read within an account', async () => {
    const org = new SimulatedOrganization(50);

    const code = await scanAccountsOn(
      { json: false },
      org.accounts,
      REGION,
      org.access(REGION),
      textSink(),
      textSink(),
    );

    expect(code).toBe(WOULD_FAIL);
    expect(org.assumptions).toHaveLength(50);
    expect(new Set(org.assumptions)).toEqual(new Set(org.accounts.map((a) => org.roleArn(a, REGION))));
    expect(org.accounts.map((a) => org.repeats(a))).toEqual(org.accounts.map(() => 0));
    // Each account read its own three VPCs: reads are not shared across accounts.
    for (const a of org.accounts)
      expect(org.calls.filter((c) => c.account === a && c.call === 'ec2.describeRouteTables')).toHaveLength(
        3,
      );
  });

  it('does not assume a role into the caller’s own account', async () => {
    const own = '100000001111';
    const mine = new SimulatedOrganization(3, { caller: own });

    await scanAccountsOn({ json: false }, mine.accounts, REGION, mine.access(REGION), textSink(), textSink());

    expect(mine.assumptions).toHaveLength(2);
    expect(mine.assumptions.some((arn) => arn.includes(`::${own}:`))).toBe(false);
  });

  it('shows its progress on a terminal, account by account, and nothing when stderr is not one', async () => {
    const org = new SimulatedOrganization(50);
    const tty = textSink(true);
    const pipe = textSink(false);

    await scanAccountsOn({ json: false }, org.accounts, REGION, org.access(REGION), textSink(), tty);
    await scanAccountsOn({ json: false }, org.accounts, REGION, org.access(REGION), textSink(), pipe);

    expect(tty.text).toMatch(/\] 1\/50 accounts, \d+ services checked/);
    expect(tty.text).toContain('] 50/50 accounts, 450 services checked');
    expect(tty.text.endsWith('\n')).toBe(true);
    expect(pipe.text).toBe('');
  });

  it('prints one table with an account column, and a row for an account whose role cannot be assumed', async () => {
    const org = new SimulatedOrganization(3, { refused: [String(100000001111)] });
    const out = textSink();

    const code = await scanAccountsOn(
      { json: false },
      org.accounts,
      REGION,
      org.access(REGION),
      out,
      textSink(),
    );

    const lines = out.text.split('\n');
    expect(lines[0]).toMatch(/^account\s+service\s+verdict\s+findings$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^100000001111\s+\*\s+not checked\s+cannot assume arn:aws:iam::100000001111:role\/ecs-pullfix-member-eu-west-1 \(AccessDenied\)$/,
      ),
    );
    expect(lines.filter((l) => /^100000000000\s+platform\/\S+\s+(would fail|ok)/.test(l))).toHaveLength(9);
    expect(lines.filter((l) => /^100000002222\s+platform\//.test(l))).toHaveLength(9);
    expect(out.text).toContain('2 of 3 accounts checked, 18 services: 12 would fail to start');
    expect(out.text).toContain('Not checked: 1 account (the rows say why).');
    expect(code).toBe(WOULD_FAIL);
  });

  it('exits 1 when nothing would fail but an account could not be checked', async () => {
    const org = new SimulatedOrganization(1, { refused: ['100000000000'] });

    const code = await scanAccountsOn(
      { json: false },
      org.accounts,
      REGION,
      org.access(REGION),
      textSink(),
      textSink(),
    );

    expect(code).toBe(SOME_NOT_READ);
  });

  it('prints one JSON document with --json, the account on every row, nothing else on stdout', async () => {
    const org = new SimulatedOrganization(2, { refused: [String(100000001111)] });
    const out = textSink();
    const err = textSink(true);

    await scanAccountsOn({ json: true }, org.accounts, REGION, org.access(REGION), out, err);

    const doc = JSON.parse(out.text) as {
      accounts: { account: string; checked: boolean; why?: string }[];
      services: { account: string; region: string; service: string }[];
      checked: number;
      wouldFail: number;
    };
    expect(doc.accounts).toEqual([
      { account: '100000000000', checked: true },
      {
        account: '100000001111',
        checked: false,
        roleArn: 'arn:aws:iam::100000001111:role/ecs-pullfix-member-eu-west-1',
        why: 'cannot assume arn:aws:iam::100000001111:role/ecs-pullfix-member-eu-west-1 (AccessDenied)',
      },
    ]);
    expect(doc.checked).toBe(9);
    expect(doc.wouldFail).toBe(6);
    expect(doc.services.every((s) => s.account === '100000000000' && s.region === REGION)).toBe(true);
    expect(err.text).toContain('2/2 accounts');
  });
});

describe(parseAccounts.name, () => {
  it('takes 12-digit ids separated by commas, in order, each once', () => {
    expect(parseAccounts('111122223333, 444455556666,111122223333')).toEqual([
      '111122223333',
      '444455556666',
    ]);
  });

  it.each(['11112222333', '1111222233334', 'prod', '111122223333,', 'arn:aws:iam::111122223333:root'])(
    'refuses %j as bad input, naming it',
    (text) => {
      expect(() => parseAccounts(text)).toThrow(InvalidInputError);
      expect(() => parseAccounts(text)).toThrow(/not (an )?account ids?/);
    },
  );
});

describe(memberRoleName.name, () => {
  it('adds the region to the name, as the member StackSet names its roles', () => {
    expect(memberRoleName('ecs-pullfix-member', 'ap-southeast-2')).toBe('ecs-pullfix-member-ap-southeast-2');
  });

  it('takes a name that already ends with the region as it is', () => {
    expect(memberRoleName('audit-reader-us-east-1', 'us-east-1')).toBe('audit-reader-us-east-1');
  });

  it('refuses what is not a role name', () => {
    expect(() => memberRoleName('role/admin', 'us-east-1')).toThrow(InvalidInputError);
  });
});
