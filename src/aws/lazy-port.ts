/**
 * A port whose every method answers a promise: what `lazyPort` can stand in for (every read
 * port and the EC2 writer are such interfaces).
 */
export type AsyncPort<P> = { [K in keyof P]: (...args: never[]) => Promise<unknown> };

/**
 * A port that loads its adapter on its first call: `load` runs once (its promise is kept), and
 * every call, the first included, goes to the adapter it resolves to. The Lambda imports the
 * adapters a diagnosis rarely needs (IAM, ECR, Secrets Manager and SSM, EFS, the EC2 writer)
 * this way, each with its SDK client, so that esbuild puts them in chunks of their own that
 * the init phase never reads (`splitting` in serverless.yml's `custom.esbuild`).
 *
 * A load that fails is forgotten, so that the next call tries again; the call fails with the
 * load's error (a missing chunk is a packaging fault, never a finding).
 */
export function lazyPort<P extends AsyncPort<P>>(load: () => Promise<P>): P {
  let loading: Promise<P> | undefined;
  const adapter = () => {
    loading ??= load().catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
    return loading;
  };
  return new Proxy({} as P, {
    get(_, method) {
      // Not a thenable (`await port` must not call a method), and no symbol is a method.
      if (typeof method !== 'string' || method === 'then') return undefined;
      return async (...args: unknown[]) => {
        const port = (await adapter()) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
        return port[method]?.(...args);
      };
    },
  });
}
