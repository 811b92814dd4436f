/**
 * The most services one `DescribeServices` call describes: the API takes "up to 10 services to
 * describe in a single operation" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html).
 */
export const SERVICES_PER_DESCRIBE = 10;

/** Services in the batches `DescribeServices` takes: in the order given, `SERVICES_PER_DESCRIBE` at most in each. */
export function describeBatchesOf<T>(services: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < services.length; i += SERVICES_PER_DESCRIBE)
    batches.push(services.slice(i, i + SERVICES_PER_DESCRIBE));
  return batches;
}
