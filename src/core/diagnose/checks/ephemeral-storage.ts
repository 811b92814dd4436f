import {
  FARGATE_DEFAULT_STORAGE_GIB,
  FARGATE_MAX_STORAGE_GIB,
  GIB,
  imageFootprintBytes,
  STORAGE_ASSUMPTION,
} from '../../storage.js';
import type { TaskDefinitionFacts } from '../../task-definition.js';
import type { ImageCheck } from '../../workload.js';
import { finding, ok, type Verdict } from '../verdict.js';

/**
 * The ephemeral storage of a Fargate task against its images: a finding when they cannot fit.
 * On EC2 the image is stored on the container instance's volume, which is not read: no verdict.
 */
export function ephemeralStorage(
  td: TaskDefinitionFacts,
  images: readonly ImageCheck[],
  launchType: string | undefined,
): Verdict[] {
  if (launchType !== 'FARGATE') return [];
  const sizes = images.map((c) =>
    c.state.ok && c.state.value.kind === 'found' ? c.state.value.sizeInBytes : undefined,
  );
  const bytes = sizes.reduce<number>((sum, b) => sum + (b ?? 0), 0);
  // Sizes ECR could not have given (not whole bytes, negative, beyond 2^53) are not judged.
  if (sizes.length === 0 || sizes.some((b) => b === undefined || !Number.isSafeInteger(b) || b < 0))
    return [];
  if (!Number.isSafeInteger(bytes)) return [];
  const given = td.ephemeralStorageGiB;
  const defaulted = given === undefined || !Number.isFinite(given) || given <= 0;
  const storageGiB = defaulted ? FARGATE_DEFAULT_STORAGE_GIB : given;
  const neededGiB = Math.ceil(imageFootprintBytes(bytes) / GIB);
  const compressed = `${(bytes / GIB).toFixed(2)} GiB compressed`;
  const storage = `${storageGiB} GiB${defaulted ? ' (Fargate’s default: the task definition sets no ephemeralStorage)' : ''}`;
  if (neededGiB <= storageGiB)
    return [ok(`ephemeral storage ${storage}: the image, ${compressed}, needs about ${neededGiB} GiB`)];
  const taskDefinition = td.arn.split('/').pop() || td.family;
  return [
    finding({
      id: 'ephemeral-storage-too-small',
      taskDefinition,
      storageGiB,
      defaulted,
      imageBytes: bytes,
      neededGiB,
      suggestedGiB: Math.min(FARGATE_MAX_STORAGE_GIB, Math.max(21, Math.ceil(neededGiB * 1.25))),
      resources: [td.arn],
      evidence: [
        `ecr:DescribeImages: the task's images are ${compressed} (${bytes} bytes)`,
        `${taskDefinition}: ephemeral storage ${storage}`,
        `needed: about ${neededGiB} GiB, assuming ${STORAGE_ASSUMPTION}`,
      ],
      breaks: images.map((c) => `image ${c.ref.image} (container ${c.ref.container})`),
    }),
  ];
}
