import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { parse } from 'yaml';
import { ROOT } from './fixtures.js';

/** The `custom.esbuild` options of serverless.yml that serverless-esbuild passes to esbuild. */
type SlsEsbuild = {
  minify?: boolean;
  sourcemap?: boolean;
  target?: string;
  platform?: 'node';
  format?: 'esm' | 'cjs';
  outputFileExtension?: string;
  mainFields?: string[];
  banner?: Record<string, string>;
  plugins?: string;
  /** Code only loaded on demand (a dynamic `import()`) goes into chunks of its own beside the entry. */
  splitting?: boolean;
  chunkNames?: string;
};

/**
 * Builds the Lambda's artefact as `osls package` does — the same entry, the same options
 * read from serverless.yml, the same plugins — into `outdir`, for the bench to weigh and
 * the integration test to run. Returns the bundle's path and esbuild's metafile.
 */
export async function buildArtefact(
  outdir: string,
  /** Another entry built the same way (the bench's memory probe); default: the function's handler. */
  entryOverride?: string,
): Promise<{ file: string; metafile: Metafile }> {
  const sls = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as {
    custom: { esbuild: SlsEsbuild };
    functions: Record<string, { handler: string }>;
  };
  const o = sls.custom.esbuild;
  const handler = Object.values(sls.functions)[0]?.handler ?? '';
  const entry = entryOverride ?? join(ROOT, `${handler.replace(/\.[^.]+$/, '')}.ts`);
  const plugins = o.plugins ? (createRequire(import.meta.url)(join(ROOT, o.plugins)) as Plugin[]) : [];
  const ext = o.outputFileExtension ?? '.js';
  const options: BuildOptions = {
    entryPoints: [entry],
    bundle: true,
    minify: o.minify ?? false,
    sourcemap: o.sourcemap ?? false,
    ...(o.target ? { target: o.target } : {}),
    platform: o.platform ?? 'node',
    format: o.format ?? 'esm',
    ...(o.mainFields ? { mainFields: o.mainFields } : {}),
    ...(o.banner ? { banner: o.banner } : {}),
    ...(o.splitting ? { splitting: true } : {}),
    ...(o.chunkNames ? { chunkNames: o.chunkNames } : {}),
    outExtension: { '.js': ext },
    outdir,
    metafile: true,
    logLevel: 'silent',
    plugins,
  };
  const result = await build(options);
  return {
    file: join(outdir, `${basename(entry, '.ts')}${ext}`),
    metafile: result.metafile ?? { inputs: {}, outputs: {} },
  };
}

/**
 * The output files node reads when it imports `entry` (a file name, `stopped-task.mjs`): the
 * entry and, transitively, the chunks it imports statically. The chunks behind a dynamic
 * `import()` are read on first use only.
 */
export function loadedAtInit(metafile: Metafile, entry: string): string[] {
  const outputs = metafile.outputs;
  const loaded = new Set<string>();
  const next = Object.keys(outputs).filter((o) => basename(o) === entry);
  for (let file = next.pop(); file !== undefined; file = next.pop()) {
    if (loaded.has(file)) continue;
    loaded.add(file);
    for (const i of outputs[file]?.imports ?? [])
      if (i.kind === 'import-statement' && !i.external) next.push(i.path);
  }
  return [...loaded];
}
