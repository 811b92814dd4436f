import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAUSES, SERVICES } from '../../src/core/causes.js';
import { FINDING_ORDER } from '../../src/core/findings.js';
import { ROOT } from '../support/fixtures.js';

/** The text of a document's section: from its `## heading` to the next heading of that level. */
function section(file: string, heading: string): string {
  const text = readFileSync(`${ROOT}${file}`, 'utf8');
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`${file} has no section "## ${heading}"`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The ids a section's tables list in their first column (`| \`id\` | …`). */
const rowIds = (text: string): string[] =>
  [...text.matchAll(/^\| `([a-z0-9.-]+)` \|/gm)].map((m) => m[1] ?? '');

describe('the user documentation', () => {
  it('docs/causes.md describes each cause the classifier can return, once, and no other', () => {
    expect(rowIds(section('docs/causes.md', 'The causes'))).toEqual([...CAUSES]);
  });

  it('docs/causes.md describes each service a failure can implicate, once, and no other', () => {
    expect(rowIds(section('docs/causes.md', 'The services'))).toEqual([...SERVICES]);
  });

  it('docs/network.md explains each finding id, once, and no other', () => {
    const ids = rowIds(section('docs/network.md', 'The findings'));
    expect([...ids].sort()).toEqual([...FINDING_ORDER].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/** Every file under `dir` (relative to the repository root). */
function filesUnder(dir: string): string[] {
  return readdirSync(`${ROOT}${dir}`).flatMap((name) => {
    const path = `${dir}/${name}`;
    return statSync(`${ROOT}${path}`).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the repository', () => {
  it('stands alone: no source, test, bench, doc or config file reads the folder beside our checkouts', () => {
    // Built, not written, so that this file does not name it either.
    const beside = ['..', 'shared', ''].join('/');
    const files = [
      ...['src', 'test', 'bench', 'handlers', 'bin', 'docs'].flatMap(filesUnder),
      'README.md',
      'package.json',
      'vitest.config.ts',
    ];
    const naming = files.filter((f) => readFileSync(`${ROOT}${f}`, 'utf8').includes(beside));
    expect(naming).toEqual([]);
  });
});
