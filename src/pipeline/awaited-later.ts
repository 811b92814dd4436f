/**
 * A read started now and awaited later (after the VPC's rounds, or beside another read): a
 * rejection meanwhile (a configuration error, say) must not count as unhandled, which would end
 * the Lambda's process. The rejection still reaches whoever awaits the promise returned.
 */
export function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
