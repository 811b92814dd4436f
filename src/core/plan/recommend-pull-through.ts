import type { FindingOf } from '../findings/types.js';
import { CREDENTIAL_SECRET_PREFIX } from '../pull-through.js';
import { assignment, command, commentLine, ifValid, output, variable } from '../shell.js';
import { grantCli } from './recommend-workload.js';

/** The commands a person runs for a pull-through cache (ecs-pullfix never changes ECR, IAM or secrets). */

/** The file the upstream's credentials are written to, for `file://` to read (never a command's argument). */
const CREDENTIALS_FILE = 'ecr-pullthroughcache-credentials.json';

/** A secret named as ECR requires, holding the upstream's credentials: its ARN in `SECRET_ARN`. */
function createSecret(prefix: string, region: string): string[] {
  return [
    commentLine(
      `write the upstream's user name and access token to ${CREDENTIALS_FILE}: {"username": "…", "accessToken": "…"}`,
    ),
    assignment(
      'SECRET_ARN',
      output(
        command([
          'aws',
          'secretsmanager',
          'create-secret',
          '--name',
          `${CREDENTIAL_SECRET_PREFIX}${prefix}`,
          '--secret-string',
          `file://${CREDENTIALS_FILE}`,
          '--region',
          region,
          '--query',
          'ARN',
          '--output',
          'text',
        ]),
      ),
    ),
  ];
}

/** The rule for the prefix, to the upstream it usually names (with a credential when it needs one). */
export function createRuleCli(f: FindingOf<'pull-through-rule-missing'>): string {
  return ifValid(
    [
      ['ECR repository name', f.prefix],
      ['region', f.region],
    ],
    () =>
      [
        ...(f.credentials ? createSecret(f.prefix, f.region) : []),
        command([
          'aws',
          'ecr',
          'create-pull-through-cache-rule',
          '--ecr-repository-prefix',
          f.prefix,
          '--upstream-registry-url',
          f.upstreamUrl,
          ...(f.credentials ? ['--credential-arn', variable('SECRET_ARN')] : []),
          '--region',
          f.region,
        ]),
        commentLine(
          `or, if ${f.repository} is not meant to come from ${f.upstreamName}, push the image to it (or create the repository)`,
        ),
      ].join('\n'),
  );
}

/** The execution role's inline policy with the actions the cache needs, on the cached repository. */
export function grantImportCli(f: FindingOf<'pull-through-role-cannot-import'>): string {
  return grantCli(
    f.roleArn,
    f.actions.map((action) => ({ Effect: 'Allow', Action: action, Resource: f.repositoryArn })),
  );
}

/** A credential secret named as ECR requires (or the deleted one restored), and the rule pointed at it. */
export function credentialCli(f: FindingOf<'pull-through-credential-missing'>): string {
  return ifValid(
    [
      ['ECR repository name', f.prefix],
      ['region', f.region],
    ],
    () => {
      if (f.problem === 'deleted' && f.credentialArn)
        return ifValid([['Secrets Manager secret ARN', f.credentialArn]], () =>
          command(['aws', 'secretsmanager', 'restore-secret', '--secret-id', f.credentialArn as string]),
        );
      return [
        ...createSecret(f.prefix, f.region),
        command([
          'aws',
          'ecr',
          'update-pull-through-cache-rule',
          '--ecr-repository-prefix',
          f.prefix,
          '--credential-arn',
          variable('SECRET_ARN'),
          '--region',
          f.region,
        ]),
      ].join('\n');
    },
  );
}
