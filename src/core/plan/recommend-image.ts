import { RESTORE_COST_ASSUMPTION, restoreUsd } from '../ecr-image.js';
import type { FindingOf } from '../findings/types.js';
import { command, commentLine, ifValid, type NameCheck, type Word } from '../shell.js';

/** The commands a person runs for an image whose pinned digest is gone, or that ECR archived. */

/**
 * A new deployment of the service: ECS resolves the tag afresh, to the image it names now. A
 * task RunTask started has no deployment: it is run again (with the same task definition).
 */
export function redeployWords(f: FindingOf<'image-digest-gone'>): readonly Word[] | undefined {
  if (!f.service) return undefined;
  return [
    'aws',
    'ecs',
    'update-service',
    '--cluster',
    f.cluster,
    '--service',
    f.service,
    '--force-new-deployment',
  ];
}

/** The names the redeploy command carries, each checked against AWS's pattern. */
export function redeployNames(f: FindingOf<'image-digest-gone'>): NameCheck[] {
  return [['ECS cluster name', f.cluster], ...(f.service ? [['ECS service name', f.service] as const] : [])];
}

export function redeployCli(f: FindingOf<'image-digest-gone'>): string {
  const words = redeployWords(f);
  return ifValid(
    redeployNames(f),
    () =>
      [
        words
          ? command(words)
          : commentLine(
              `run the task again: RunTask resolves the tag ${f.tag} afresh (no service pinned it)`,
            ),
        commentLine(`the new tasks run what ${f.repository}:${f.tag} names now, not ${f.digest}`),
        ...(f.rules.length > 0
          ? [
              commentLine(
                `then keep the images your services run from lifecycle ${f.rules.length > 1 ? 'rules' : 'rule'} ${f.rules.join('; ')}`,
              ),
            ]
          : []),
      ].join('\n'),
    'fix the name, then start a new deployment',
  );
}

/** The restore command's words: the archived image back to the standard storage class. */
export function restoreWords(f: FindingOf<'image-archived'>): readonly Word[] {
  return [
    'aws',
    'ecr',
    'update-image-storage-class',
    '--registry-id',
    f.registryId,
    '--repository-name',
    f.repository,
    '--image-id',
    `imageDigest=${f.digest}`,
    '--target-storage-class',
    'STANDARD',
    '--region',
    f.region,
  ];
}

export const restoreNames = (f: FindingOf<'image-archived'>): NameCheck[] => [
  ['account id', f.registryId],
  ['ECR repository name', f.repository],
  ['image digest', f.digest],
  ['region', f.region],
];

/** What a restore costs, in words (the price assumed stated). */
export function restoreCost(f: FindingOf<'image-archived'>): string {
  const gb = f.sizeInBytes === undefined ? undefined : f.sizeInBytes / 1024 ** 3;
  return gb === undefined
    ? `a restore is charged per GB, and ECR did not say the image's size (${RESTORE_COST_ASSUMPTION})`
    : `restoring its ${gb.toFixed(2)} GB costs about $${restoreUsd(f.sizeInBytes ?? 0).toFixed(2)}, once (${RESTORE_COST_ASSUMPTION})`;
}

export function restoreCli(f: FindingOf<'image-archived'>): string {
  return ifValid(
    restoreNames(f),
    () =>
      [
        command(restoreWords(f)),
        commentLine(
          'ECR restores it within about 20 minutes (imageStatus ACTIVATING, then ACTIVE); the next task pulls it',
        ),
        commentLine(restoreCost(f)),
      ].join('\n'),
    'fix the image name in the task definition',
  );
}
