/*
 * A Fargate task's image must fit on its ephemeral storage (AWS checklist P15). AWS: "The
 * pulled, compressed, and the uncompressed container image for the task is stored on the
 * ephemeral storage" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html).
 * ECR gives only the compressed size (`imageSizeInBytes`), so the uncompressed one is assumed.
 */

/** Fargate's ephemeral storage without `ephemeralStorage` (platform version 1.4.0 and later). */
export const FARGATE_DEFAULT_STORAGE_GIB = 20;
/** The most a task definition may ask for. */
export const FARGATE_MAX_STORAGE_GIB = 200;
/**
 * Layers unpack to about 2–3 times their gzip-compressed size; the check takes the low end, 2,
 * so that it says "cannot fit" only when even the kindest guess does not.
 */
export const EXPANSION_FACTOR = 2;

export const STORAGE_ASSUMPTION = `the image takes its compressed size, as ECR gives it, plus its unpacked size, assumed ${EXPANSION_FACTOR}× the compressed one — layers commonly unpack to 2–3×, the low end is taken`;

export const GIB = 1024 ** 3;

/** What the images need on the task's disk, bytes: the compressed layers and the unpacked ones. */
export const imageFootprintBytes = (compressedBytes: number): number =>
  compressedBytes * (1 + EXPANSION_FACTOR);
