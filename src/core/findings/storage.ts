import { STORAGE_ASSUMPTION } from '../storage.js';
import type { Entries } from './spec.js';
import type { FindingOf } from './types.js';

/** The fix of a task whose images cannot fit its ephemeral storage: a new task definition revision that asks for more. */
function storageFix(f: FindingOf<'ephemeral-storage-too-small'>): string {
  const have = f.defaulted ? `Fargate's default ${f.storageGiB} GiB` : `${f.storageGiB} GiB`;
  return `The image needs about ${f.neededGiB} GiB of the task's ephemeral storage and ${f.taskDefinition} has ${have}, assuming ${STORAGE_ASSUMPTION}. Register a new revision with "ephemeralStorage": {"sizeInGiB": ${f.suggestedGiB}} (21–200 GiB; billed per GiB above 20) and deploy it, or make the image smaller.`;
}

/** The task's disk: its ephemeral storage against the images it pulls (AWS checklist P15). */
export const STORAGE = {
  'ephemeral-storage-too-small': {
    rank: 198,
    scope: 'workload',
    autoFix: false,
    key: (f) => f.id,
    fix: storageFix,
    remedy: () => undefined,
  },
} as const satisfies Entries<'ephemeral-storage-too-small'>;
