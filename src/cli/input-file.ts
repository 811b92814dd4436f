import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../errors.js';

/** A file a person named, as text: one that cannot be read is bad input (exit 252), saying why. */
export async function readInputFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new InvalidInputError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
}
