import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { Plan } from '../core/plan.js';
import { oneLine } from '../core/present/index.js';
import { InvalidInputError } from '../errors.js';

/** Asks a person one question on the terminal; resolves to the line they typed. */
export type Ask = (question: string) => Promise<string>;

/** A question asked on the terminal, or undefined when there is no terminal to ask on. */
export function terminalAsk(stdin: Readable & { isTTY?: boolean }, err: Writable): Ask | undefined {
  if (stdin.isTTY !== true) return undefined;
  return async (question) => {
    const rl = createInterface({ input: stdin, output: err, terminal: true });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
}

/**
 * Writes from a laptop are deliberate: `--mode auto-fix` shows the account, the region and
 * every write, and asks (`--yes` skips the question). With no terminal and no `--yes` it
 * refuses before anything is read (exit 252).
 */
export function confirmWrites(
  yes: boolean,
  ask: Ask | undefined,
  where: () => Promise<Readonly<{ account: string; region: string }>>,
  err: Writable,
): ((plan: Plan) => Promise<boolean>) | undefined {
  if (yes) return undefined;
  if (!ask)
    throw new InvalidInputError(
      '--mode auto-fix writes to your AWS account: pass --yes to confirm (there is no terminal to ask on)',
    );
  return async (plan) => {
    const writes = plan.actions.filter((a) => 'write' in a && a.allowed);
    const { account, region } = await where();
    err.write(
      `auto-fix will make ${writes.length} change(s) in account ${account || 'unknown'}, ${region}:\n`,
    );
    for (const a of writes)
      err.write(
        `  - ${oneLine(a.id, 160)}${a.monthlyUsd > 0 ? ` (≈ $${a.monthlyUsd.toFixed(2)}/month)` : ''}\n`,
      );
    const answer = await ask('Apply them? [y/N] ');
    return /^\s*y(es)?\s*$/i.test(answer);
  };
}
