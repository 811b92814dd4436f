#!/usr/bin/env node
// The `ecs-pullfix` command: the bundle `npm ci` builds (npm run build) from src/cli/entry.ts.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/ecs-pullfix.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('ecs-pullfix: the command is not built yet: run npm ci (or npm run build) first\n');
  process.exit(255);
}
await import(bundle.href);
