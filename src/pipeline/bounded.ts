/**
 * Work at most so many at a time: the batch handler's incident groups, `scan`'s services and
 * batches, `scan --accounts`'s accounts.
 */

/** At most `max` calls in flight; the others wait their turn, in order (a slot is handed over, never raced for). */
export function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active < max) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/** `work` for every item, at most `limit` at a time, taking them in order. */
export async function eachAtOnce<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const bounded = limiter(Math.max(1, limit));
  await Promise.all(items.map((item) => bounded(() => work(item))));
}
