// Builds the installed command: src/cli/entry.ts and everything it imports (the SDK included)
// into one minified ES module, dist/cli/ecs-pullfix.mjs. `npm ci` runs it (the `prepare`
// script), so the command starts without compiling TypeScript on every call.
// dist/cli/ is two folders deep, like src/sim/, so that paths the sources resolve from their
// own URL (the scenarios folder) resolve the same from the bundle.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const plugins = createRequire(import.meta.url)('./esbuild-plugins.cjs');

await build({
  entryPoints: [join(root, 'src/cli/entry.ts')],
  entryNames: 'ecs-pullfix',
  outdir: join(root, 'dist/cli'),
  // One chunk per command (main.ts imports each when it runs): --version loads ~100 KB, not 1 MB.
  splitting: true,
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  mainFields: ['module', 'main'],
  // Some bundled CommonJS modules call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
  plugins,
});
