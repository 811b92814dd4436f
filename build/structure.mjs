#!/usr/bin/env node
// The shape of the code, checked (`npm run structure`, and CI): no file under src/ or handlers/
// over 300 lines, no function over 60 lines, no import cycle. Offenders that predate the check
// are named in build/structure-allow.json with their size, and that list may only shrink: a file
// or function over the limit that is not in it fails, an allowlisted one that grew fails, and
// one that fell under the limit (or a cycle that is gone) fails until it is removed from the list.
//
// Why our own cycle check rather than madge: madge's last release is December 2024 and brings a
// dozen packages (dependency-tree, its detectives, ts-graphviz…) to answer a question our
// sources answer in forty lines: they import each other only by relative ESM paths, which the
// TypeScript compiler (pinned, already a devDependency) parses. Type-only imports count: a type
// cycle ties two modules together all the same.
//
//   node build/structure.mjs           check the tree against the allowlist
//   node build/structure.mjs --write   write the allowlist from the tree as it is now
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ALLOW_PATH = join(ROOT, 'build', 'structure-allow.json');
const ROOTS = ['src', 'handlers'];
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;

/** Every TypeScript source under the roots, as a path relative to the project. */
function sources() {
  const walk = (dir) =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) return walk(path);
      return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
    });
  return ROOTS.filter((r) => existsSync(join(ROOT, r)))
    .flatMap(walk)
    .sort();
}

/** Lines as `wc -l` counts them. */
const lineCount = (text) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

const FUNCTION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.FunctionExpression,
]);

/**
 * A function's name as a reader finds it: `Class.method`, the variable or property it is assigned
 * to, or `outer>(anonymous)` for a callback (not its line: the key must survive edits above it).
 */
function nameOf(node, file, outer) {
  const own = node.name ?? (ts.isConstructorDeclaration(node) ? { text: 'constructor' } : undefined);
  let name = own?.getText?.(file) ?? own?.text;
  const parent = node.parent;
  if (!name && parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) {
    name = parent.name.getText(file);
  }
  if (!name && parent && ts.isPropertyDeclaration(parent)) name = parent.name.getText(file);
  if (!name) return `${outer ?? ''}>(anonymous)`;
  const owner = node.parent && (ts.isClassLike(node.parent) ? node.parent : node.parent.parent);
  if (owner && ts.isClassLike(owner) && owner.name) return `${owner.name.text}.${name}`;
  return name;
}

/** The length in lines of every function in one file, keyed `path#name` (`#2`… for repeated names). */
function functionLengths(path, text) {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lengths = new Map();
  const visit = (node, outer) => {
    let inner = outer;
    if (FUNCTION_KINDS.has(node.kind)) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const end = file.getLineAndCharacterOfPosition(node.getEnd()).line;
      inner = nameOf(node, file, outer);
      let key = `${path}#${inner}`;
      for (let n = 2; lengths.has(key); n++) key = `${path}#${inner}#${n}`;
      lengths.set(key, end - start + 1);
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(file, undefined);
  return lengths;
}

/** The project files one file imports (static, re-exports, dynamic `import()`), by relative path. */
function importsOf(path, text) {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const specifiers = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => {
      const target = relative(ROOT, resolve(ROOT, dirname(path), s)).replaceAll('\\', '/');
      const base = target.replace(/\.(js|ts|mjs)$/, '');
      return [`${base}.ts`, `${base}/index.ts`].find((c) => existsSync(join(ROOT, c)));
    })
    .filter((t) => t !== undefined && t !== path);
}

/** The import cycles: strongly connected components of two files or more (Tarjan), each sorted. */
function cycles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  const connect = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = [];
    for (let w; w !== v; ) {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    }
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found.sort((a, b) => a[0].localeCompare(b[0]));
}

/** The tree as it is: offending files and functions with their size, and the cycles. */
function measure() {
  const files = {};
  const functions = {};
  const graph = new Map();
  for (const path of sources()) {
    const text = readFileSync(join(ROOT, path), 'utf8');
    const lines = lineCount(text);
    if (lines > MAX_FILE_LINES) files[path] = lines;
    for (const [key, length] of functionLengths(path, text)) {
      if (length > MAX_FUNCTION_LINES) functions[key] = length;
    }
    graph.set(path, importsOf(path, text));
  }
  return { files, functions, cycles: cycles(graph) };
}

/** What fails, as sentences; empty when the tree keeps to the limits and the allowlist. */
function problems(now, allow) {
  const out = [];
  const sizes = (kind, limit, current, allowed) => {
    for (const [key, size] of Object.entries(current)) {
      const before = allowed[key];
      if (before === undefined) out.push(`${kind} ${key}: ${size} lines, over the limit of ${limit}`);
      else if (size > before)
        out.push(`${kind} ${key}: grew from ${before} to ${size} lines (limit ${limit})`);
    }
    for (const [key, before] of Object.entries(allowed)) {
      if (current[key] === undefined) {
        out.push(
          `${kind} ${key}: no longer over ${limit} lines (was ${before}): remove it from the allowlist`,
        );
      } else if (current[key] < before) {
        out.push(`${kind} ${key}: shrank from ${before} to ${current[key]} lines: lower it in the allowlist`);
      }
    }
  };
  sizes('file', MAX_FILE_LINES, now.files, allow.files ?? {});
  sizes('function', MAX_FUNCTION_LINES, now.functions, allow.functions ?? {});
  const known = new Set((allow.cycles ?? []).map((c) => c.join(' ⇄ ')));
  const current = new Set(now.cycles.map((c) => c.join(' ⇄ ')));
  for (const c of current) if (!known.has(c)) out.push(`import cycle: ${c}`);
  for (const c of known) {
    if (!current.has(c)) out.push(`import cycle ${c}: no longer there: remove it from the allowlist`);
  }
  return out;
}

const now = measure();
if (process.argv.includes('--write')) {
  const note =
    'Offenders that predate `npm run structure` (build/structure.mjs), with their size: this list may only shrink.';
  writeFileSync(ALLOW_PATH, `${JSON.stringify({ note, ...now }, null, 2)}\n`);
  const count = Object.keys(now.files).length + Object.keys(now.functions).length + now.cycles.length;
  console.log(`structure: wrote ${relative(ROOT, ALLOW_PATH)} (${count} offenders)`);
} else {
  const allow = existsSync(ALLOW_PATH) ? JSON.parse(readFileSync(ALLOW_PATH, 'utf8')) : {};
  const found = problems(now, allow);
  for (const p of found) console.error(`structure: ${p}`);
  const allowed =
    Object.keys(allow.files ?? {}).length +
    Object.keys(allow.functions ?? {}).length +
    (allow.cycles ?? []).length;
  if (found.length > 0) {
    console.error(
      `structure: ${found.length} problem(s). Limits: ${MAX_FILE_LINES} lines a file, ${MAX_FUNCTION_LINES} a function, no import cycle.`,
    );
    process.exit(1);
  }
  console.log(
    `structure: files ≤ ${MAX_FILE_LINES} lines, functions ≤ ${MAX_FUNCTION_LINES}, no import cycle (${allowed} allowlisted offenders left)`,
  );
}
