import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKLIST_IDS } from '../../src/core/checklist.js';
import { ROOT } from '../support/fixtures.js';

describe('docs/aws-checklist.md', () => {
  it('explains each check of AWS’s list, once, in the order the diagnosis answers them', () => {
    const text = readFileSync(`${ROOT}docs/aws-checklist.md`, 'utf8');
    const ids = [...text.matchAll(/^\| ([PR]\d+) \|/gm)].map((m) => m[1]);
    expect(ids).toEqual([...CHECKLIST_IDS]);
  });
});
