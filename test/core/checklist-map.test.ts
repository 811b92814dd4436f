import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_CHECKS, NOTE_CHECKS } from '../../src/core/checklist.js';
import { FINDINGS, type FindingId } from '../../src/core/findings.js';

/*
 * The checklist keeps up with the diagnosis: a new finding, or a new check that can be left
 * open, must say which of AWS's checks it answers, or the checklist would call those passed.
 */

const CORE = join(import.meta.dirname, '../../src/core');

/** The `check` names of the not-checked notes the diagnosis can write, read from its source. */
function noteNames(): string[] {
  const files = readdirSync(CORE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const names = files.flatMap((f) => {
    const text = readFileSync(join(CORE, f), 'utf8');
    return [...text.matchAll(/\b(?:notChecked|unread)\(\s*'([^']+)',|\bcheck: '([^']+)'/g)].map(
      (m) => m[1] ?? m[2] ?? '',
    );
  });
  return [...new Set(names)].sort();
}

describe('the checklist’s map', () => {
  const problems = (Object.keys(FINDINGS) as FindingId[]).filter((id) => FINDINGS[id].scope !== 'meta');

  it.each(problems)('says which of AWS’s checks %s fails', (id) => {
    expect(FINDING_CHECKS[id]).toBeDefined();
  });

  it('maps no finding about the diagnosis itself (path-ok, not-checked, duplicate endpoints) to a check', () => {
    const meta = (Object.keys(FINDINGS) as FindingId[]).filter((id) => FINDINGS[id].scope === 'meta');
    expect(meta.filter((id) => FINDING_CHECKS[id] !== undefined)).toEqual([]);
  });

  it('finds the notes in the diagnosis’s source', () => {
    expect(noteNames()).toEqual(expect.arrayContaining(['network-acls', 'execution-role', 'image-platform']));
  });

  it.each(noteNames())('says which of AWS’s checks a “%s” note leaves open', (name) => {
    expect(NOTE_CHECKS[name]).toBeDefined();
  });
});
