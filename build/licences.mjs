#!/usr/bin/env node
// The licences of what ecs-pullfix ships, checked (`npm run licences`, and CI): every package
// of the production dependency tree (package-lock.json, `dev` not set: what `npm ci
// --omit=dev` installs) and every package esbuild actually puts into the Lambda's bundle and
// the CLI's (the bundles' metafile inputs: a devDependency that slips into a bundle is
// shipped all the same, and the lock alone would not see it). It prints a count per licence
// and fails (exit 1) on any copyleft licence and on any licence it does not know, missing
// ones included.
//
// Why MPL fails too: its copyleft is per file and weak, but a minified bundle distributes
// those files, and our users deploy the bundle inside their own Apache-2.0 (or closed)
// stacks; an MPL file would oblige each of them to offer its source. A package we accept
// anyway is named in EXCEPTIONS with the reason, not silently allowed.
//
//   node build/licences.mjs                       the lock and both bundles (built in memory)
//   node build/licences.mjs --root DIR            another project's lock and node_modules
//   node build/licences.mjs --lock-only           the production tree alone, no bundling
//   node build/licences.mjs --metafile NAME=FILE  a metafile esbuild wrote, instead of building
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Licences that ask for attribution at most (SPDX ids, compared case-insensitively). */
const PERMISSIVE = new Set(
  [
    '0BSD',
    'Apache-2.0',
    'BlueOak-1.0.0',
    'BSD-2-Clause',
    'BSD-3-Clause',
    'CC-BY-3.0',
    'CC-BY-4.0',
    'CC0-1.0',
    'ISC',
    'MIT',
    'MIT-0',
    'Python-2.0',
    'Unlicense',
    'Zlib',
  ].map((id) => id.toLowerCase()),
);
/** Reciprocal licences (and the share-alike ones): what a bundle must not carry. */
const COPYLEFT =
  /^(A?GPL|LGPL|GFDL|MPL|EPL|EUPL|CDDL|CPL|CPAL|OSL|RPL|RPSL|SSPL|QPL|Sleepycat|CC-BY-SA|CC-BY-NC)/i;
/** Packages accepted despite their licence: `name: 'why'`. None today. */
const EXCEPTIONS = {};

/**
 * The verdict on a package.json `license` (an SPDX expression): `permissive`, `copyleft` or
 * `unknown`. `A OR B` is as good as its better side (we may choose), `A AND B` as bad as its
 * worse; `X WITH exception` is judged as X.
 */
export function verdictOf(expression) {
  if (typeof expression !== 'string' || expression.trim() === '') return 'unknown';
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  const rank = { permissive: 0, unknown: 1, copyleft: 2 };
  const worse = (a, b) => (rank[a] >= rank[b] ? a : b);
  const better = (a, b) => (rank[a] <= rank[b] ? a : b);
  const primary = () => {
    const token = tokens[at++];
    if (token === '(') {
      const inner = or();
      if (tokens[at++] !== ')') throw new SyntaxError(expression);
      return inner;
    }
    if (token === undefined || /^(AND|OR|WITH|\))$/i.test(token)) throw new SyntaxError(expression);
    if (/^WITH$/i.test(tokens[at] ?? '')) at += 2;
    const id = token.replace(/\+$/, '');
    if (COPYLEFT.test(id)) return 'copyleft';
    return PERMISSIVE.has(id.toLowerCase()) ? 'permissive' : 'unknown';
  };
  const and = () => {
    let v = primary();
    while (/^AND$/i.test(tokens[at] ?? '')) {
      at++;
      v = worse(v, primary());
    }
    return v;
  };
  const or = () => {
    let v = and();
    while (/^OR$/i.test(tokens[at] ?? '')) {
      at++;
      v = better(v, and());
    }
    return v;
  };
  try {
    const v = or();
    return at === tokens.length ? v : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The licence a package.json declares: `license`, or the deprecated `licenses` array / object. */
export function licenceOf(manifest) {
  const { license, licenses } = manifest ?? {};
  if (typeof license === 'string') return license;
  if (license && typeof license.type === 'string') return license.type;
  if (Array.isArray(licenses) && licenses.length > 0)
    return licenses.map((l) => (typeof l === 'string' ? l : l?.type)).join(' OR ');
  return undefined;
}

const nameOf = (dir) => dir.slice(dir.lastIndexOf('node_modules/') + 'node_modules/'.length);

/** The package folder of a path under node_modules (the last `node_modules/` segment decides). */
export function packageDirOf(path) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(path.replaceAll('\\', '/'));
  return m?.[1];
}

/** The packages a lockfile (v2/v3) installs without dev dependencies: `{dir, name, version, licence}`. */
export function productionPackages(lock, root) {
  return Object.entries(lock.packages ?? {})
    .filter(([path, entry]) => path !== '' && !entry.dev && !entry.link)
    .map(([path, entry]) => {
      const name = entry.name ?? nameOf(path);
      // npm records the licence in the lock; an old lock may not, then the installed manifest says.
      const manifest = join(root, path, 'package.json');
      const licence = entry.license ?? (existsSync(manifest) ? licenceOf(readJson(manifest)) : undefined);
      return { dir: path, name, version: entry.version, licence };
    });
}

/** The packages whose files esbuild put into a bundle (its metafile's inputs), read from their manifests. */
export function bundledPackages(metafile, root) {
  const dirs = new Set(
    Object.keys(metafile.inputs ?? {})
      .map(packageDirOf)
      .filter((d) => d !== undefined),
  );
  return [...dirs].map((dir) => {
    const manifest = join(root, dir, 'package.json');
    const m = existsSync(manifest) ? readJson(manifest) : {};
    return { dir, name: m.name ?? nameOf(dir), version: m.version, licence: licenceOf(m) };
  });
}

/** Counts per licence and the failures, over packages found in named places (`install`, `lambda`, `cli`). */
export function report(found) {
  const byPackage = new Map();
  for (const [where, packages] of Object.entries(found))
    for (const p of packages) {
      const key = `${p.name}@${p.version ?? '?'}`;
      const seen = byPackage.get(key) ?? { ...p, where: [] };
      seen.where.push(where);
      byPackage.set(key, seen);
    }
  const counts = {};
  const failures = [];
  for (const [key, p] of byPackage) {
    const licence = p.licence ?? '(none)';
    counts[licence] = (counts[licence] ?? 0) + 1;
    const verdict = verdictOf(p.licence);
    if (verdict !== 'permissive' && !(p.name in EXCEPTIONS))
      failures.push({ package: key, licence, verdict, where: p.where });
  }
  return { packages: byPackage.size, counts, failures };
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The Lambda's and the CLI's metafiles, built in memory as osls and `npm run build` build them. */
async function buildMetafiles(root) {
  const { build } = await import(createRequire(join(root, 'package.json')).resolve('esbuild'));
  const { parse } = await import(createRequire(join(root, 'package.json')).resolve('yaml'));
  const plugins = createRequire(join(root, 'package.json'))('./build/esbuild-plugins.cjs');
  const sls = parse(readFileSync(join(root, 'serverless.yml'), 'utf8'), { logLevel: 'silent' });
  const handlers = Object.values(sls.functions ?? {}).map((f) =>
    join(root, `${f.handler.replace(/\.[^.]+$/, '')}.ts`),
  );
  // Paths in the metafile are relative to absWorkingDir: the project's root.
  const common = {
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  };
  const metafileOf = async (entryPoints, options) =>
    (await build({ ...common, ...options, entryPoints, outdir: join(root, '.licences-out'), plugins }))
      .metafile;
  return {
    lambda: await metafileOf(handlers, { mainFields: sls.custom?.esbuild?.mainFields ?? ['module', 'main'] }),
    cli: await metafileOf([join(root, 'src/cli/entry.ts')], { mainFields: ['module', 'main'] }),
  };
}

async function main(argv) {
  const flag = (name) => argv.includes(name);
  const value = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const root = resolve(value('--root') ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const found = { install: productionPackages(readJson(join(root, 'package-lock.json')), root) };
  const given = argv.flatMap((a, i) => (argv[i - 1] === '--metafile' ? [a.split('=')] : []));
  const metafiles = given.length
    ? Object.fromEntries(given.map(([name, file]) => [name, readJson(resolve(file))]))
    : flag('--lock-only')
      ? {}
      : await buildMetafiles(root);
  for (const [name, metafile] of Object.entries(metafiles)) found[name] = bundledPackages(metafile, root);

  const { packages, counts, failures } = report(found);
  const places = Object.entries(found)
    .map(([where, list]) => `${where} ${list.length}`)
    .join(', ');
  console.log(`licences of ${packages} packages (${places}):`);
  for (const [licence, n] of Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
    console.log(`  ${String(n).padStart(4)}  ${licence}`);
  if (failures.length === 0) {
    console.log('licences ok: nothing copyleft, nothing unknown');
    return 0;
  }
  for (const f of failures)
    console.error(`${f.verdict}: ${f.package} (${f.licence}) in ${f.where.join(', ')}`);
  const n = (v) => failures.filter((f) => f.verdict === v).length;
  console.error(`licence check failed: ${n('copyleft')} copyleft, ${n('unknown')} unknown`);
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = await main(process.argv.slice(2));
