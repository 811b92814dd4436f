import { clean } from '../shell.js';

/*
 * The terminal's last pass: lines wrapped to a width, commands kept pasteable. Pure.
 */

/**
 * Lines wrapped to `width` columns. Prose wraps at spaces under its label (`fix:`, `1.`,
 * `·`); a command (`$ …`) wraps at unquoted spaces with a ` \` continuation, so that it still
 * pastes into a shell, and its trailing comment moves to a line of its own. A token longer
 * than the width (a long ARN, a URL, a quoted policy document) is never cut: it stands alone
 * on an overlong line, and so does each line of a here-document (`$ cat > f <<'EOF'`, then
 * `> …` lines to `> EOF`), whose text a continuation would change. This is the report's last
 * pass: each line is one line, whatever it holds (a control character in it becomes a space),
 * so the lines are the ones the report wrote.
 */
export function wrapLines(lines: readonly string[], width: number): string[] {
  let document: string | undefined;
  return lines.flatMap((raw) => {
    const line = clean(raw);
    if (document !== undefined) {
      if (/^\s*> (.*)$/.exec(line)?.[1] === document) document = undefined;
      return [line];
    }
    const command = /^(\s*)\$ (.*)$/.exec(line);
    document = command ? HEREDOC.exec(command[2] ?? '')?.[1] : undefined;
    if (line.length <= width) return [line];
    if (command) return wrapCommand(command[1] ?? '', command[2] ?? '', width);
    const head = /^(\s*)((?:\d+\.|·|-|>|!|\[[^\]]{1,30}\]|[A-Za-z][\w ]{0,12}:)\s+)?/.exec(line)?.[0] ?? '';
    const indent = head.length > width / 2 ? ' '.repeat(4) : ' '.repeat(head.length || 2);
    return fill(glued(line.slice(head.length).split(' ').filter(Boolean)), head, indent, width);
  });
}

/**
 * Prose never starts a line with what a command (`$`), a here-document's line (`>`) or a
 * comment (`#`) starts with: such a word stays with the one before it, so that a name holding
 * `$ aws …` cannot wrap into a line that reads as one of the plan's commands.
 */
function glued(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    const last = out.length - 1;
    if (last >= 0 && /^[$>#]/.test(word)) out[last] = `${out[last]} ${word}`;
    else out.push(word);
  }
  return out;
}

/** A command that opens a quoted here-document, and its delimiter. */
const HEREDOC = /<<'([A-Za-z_][A-Za-z0-9_]*)'$/;

/** Greedy fill: words after `first` on the first line, after `next` on the others. */
function fill(words: readonly string[], first: string, next: string, width: number, suffix = ''): string[] {
  const out: string[] = [];
  let line = first;
  let fresh = true;
  for (const word of words) {
    if (!fresh && line.length + 1 + word.length + suffix.length > width) {
      out.push(line + suffix);
      line = next + word;
    } else line = fresh ? line + word : `${line} ${word}`;
    fresh = false;
  }
  out.push(line);
  return out;
}

/**
 * A command line wrapped with ` \` continuations at unquoted spaces. Its `# comment` stays
 * at its end when it fits, else goes on lines of its own before it (a comment line cannot
 * continue: a ` \` inside it would be part of the comment).
 */
function wrapCommand(indent: string, body: string, width: number): string[] {
  const next = `${indent}    `;
  // An option stays beside its value when the two fit a continuation line (with its ` \`).
  const { words, comment } = shellWords(body, width - next.length - 2);
  const lines = words.length === 0 ? [`${indent}$`] : fill(words, `${indent}$ `, next, width, ' \\');
  if (comment === undefined) return lines;
  const last = lines.length - 1;
  if (words.length > 0 && (lines[last] ?? '').length + 2 + comment.length <= width) {
    lines[last] = `${lines[last]}  ${comment}`;
    return lines;
  }
  const text = comment.replace(/^#\s*/, '').split(' ').filter(Boolean);
  return [...fill(text, `${indent}$ # `, `${indent}  # `, width), ...(words.length === 0 ? [] : lines)];
}

/**
 * A command's words, split at spaces outside quotes, and the comment that ends it, if any. A
 * backslash outside quotes keeps the character after it (`'it'\''s'` is one word).
 */
function shellWords(body: string, pairMax: number): { words: string[]; comment?: string } {
  const words: string[] = [];
  let word = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? '';
    if (quote) {
      word += ch;
      if (ch === '\\' && quote === '"' && i + 1 < body.length) word += body[++i];
      else if (ch === quote) quote = undefined;
    } else if (ch === '\\' && i + 1 < body.length) {
      word += ch + body[++i];
    } else if (ch === ' ') {
      if (word) words.push(word);
      word = '';
    } else if (ch === '#' && word === '') {
      return { words: withValues(words, pairMax), comment: body.slice(i).trim() };
    } else {
      if (ch === "'" || ch === '"') quote = ch;
      word += ch;
    }
  }
  if (word) words.push(word);
  return { words: withValues(words, pairMax) };
}

/** `--flag value` kept together (when no longer than `max`), so that a wrapped command reads one option a line. */
function withValues(words: readonly string[], max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    if (
      word.startsWith('--') &&
      next !== undefined &&
      !next.startsWith('-') &&
      word.length + 1 + next.length <= max
    ) {
      out.push(`${word} ${next}`);
      i++;
    } else out.push(word);
  }
  return out;
}

/**
 * An action's commands as a terminal shows them: each line after a `$ ` prompt, the lines of a
 * here-document after the `> ` a shell prompts them with. Split only where the planner wrote
 * a line break.
 */
export function commandLines(cli: string, indent: string): string[] {
  let document: string | undefined;
  return cli.split('\n').map((line) => {
    if (document !== undefined) {
      if (line === document) document = undefined;
      return `${indent}> ${line}`;
    }
    document = HEREDOC.exec(line)?.[1];
    return `${indent}$ ${line}`;
  });
}
