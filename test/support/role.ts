import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './fixtures.js';
import { type Place, resolveIntrinsics, type Statement } from './iam-eval.js';

/** Where the packaged role is evaluated: a made-up account in us-east-1. */
export const PLACE: Place = { partition: 'aws', region: 'us-east-1', account: '111122223333' };

/**
 * The Lambda role's own statements (not the log-group grant osls adds) from the template
 * `osls package` writes offline, intrinsics resolved for {@link PLACE}. Packaged into a
 * folder of its own, so that a test packaging at the same time cannot swap it.
 */
export function packagedRoleStatements(params: readonly string[] = []): Statement[] {
  const out = mkdtempSync(join(tmpdir(), 'pullfix-role-'));
  try {
    execFileSync(
      process.execPath,
      [
        `${ROOT}node_modules/osls/bin/serverless.js`,
        'package',
        '--stage',
        'ci',
        '--region',
        PLACE.region,
        '--package',
        out,
        ...params.map((p) => `--param=${p}`),
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'offline',
          AWS_SECRET_ACCESS_KEY: 'offline',
          SLS_TELEMETRY_DISABLED: '1',
        },
        stdio: 'pipe',
      },
    );
    const template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
    const role = Object.values(
      template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    ).find((r) => r.Type === 'AWS::IAM::Role');
    const policies = (role?.Properties.Policies ?? []) as { PolicyDocument: { Statement: unknown[] } }[];
    const statements = resolveIntrinsics(
      policies.flatMap((p) => p.PolicyDocument.Statement),
      PLACE,
    ) as Statement[];
    const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]) as string[];
    return statements.filter((s) => !actions(s).every((a) => a.startsWith('logs:')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
