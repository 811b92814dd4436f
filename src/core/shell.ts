/**
 * What may reach a person's shell and terminal. Names in a task definition are chosen by
 * whoever may register one, and the notices hand commands to the on-call person, who pastes
 * them with their own credentials: every value that enters a command goes through
 * {@link shellQuote} (by way of {@link command}), names are checked against AWS's own
 * patterns before a command is given for them ({@link isValidName}), policy documents are
 * written with a quoted here-document ({@link heredoc}), and control characters are taken out
 * of every value before it is shown ({@link clean}). Pure.
 */

/**
 * Characters that act on a terminal or a reader rather than show: C0 (newline, escape, bell…),
 * DEL, C1 (CSI, OSC…), the line and paragraph separators, and the bidirectional overrides,
 * isolates and marks that make text read otherwise than it runs.
 */
export const CONTROL_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]+/g;

/** True when `text` holds a control character (see {@link CONTROL_CHARACTERS}). */
export const hasControl = (text: string): boolean => new RegExp(CONTROL_CHARACTERS.source).test(text);

/**
 * `text` with each run of control characters replaced by one space: one line, nothing that
 * moves the cursor, rings, rewrites the clipboard (OSC 52) or reorders what is read.
 */
export function clean(text: string): string {
  return text.replace(CONTROL_CHARACTERS, ' ');
}

/** Every string inside a plain value (object, array) cleaned; the shape is kept. */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return clean(value) as T;
  if (Array.isArray(value)) return value.map((v) => cleanDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cleanDeep(v);
    return out as T;
  }
  return value;
}

// ── quoting ──────────────────────────────────────────────────────────────────────────────

/**
 * Characters a word may hold bare in bash and zsh: no expansion (`$`, `` ` ``, `!`, `~`, globs,
 * braces), no operator (`;|&<>()`), no quote, no comment (`#`), no space. A leading `=` is
 * quoted too (zsh expands `=cmd`).
 */
const BARE = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

/**
 * One value as one shell word, POSIX single-quoted (`'` becomes `'\''`), or bare when it holds
 * only characters no shell reads specially (so that `vpc-0a1b2c3d` stays `vpc-0a1b2c3d`).
 * Control characters are taken out first (see {@link clean}): a word never breaks a line.
 */
export function shellQuote(value: string): string {
  const text = clean(value);
  if (BARE.test(text)) return text;
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A shell variable a command reads (`"$ENDPOINT_SG"`), set by an earlier line. */
export type Variable = Readonly<{ variable: string }>;
/** The output of another command (`"$(aws …)"`), itself built by {@link command}. */
export type Output = Readonly<{ output: string }>;
/** A piece of a word: a literal value, a variable or a command's output. */
export type Part = string | Variable | Output;
/** One argument: a piece, or pieces joined with nothing between them. */
export type Word = Part | readonly Part[];

const VARIABLE_NAME = /^[A-Z_][A-Z0-9_]*$/;

export const variable = (name: string): Variable => {
  if (!VARIABLE_NAME.test(name)) throw new TypeError(`not a shell variable name: ${name}`);
  return { variable: name };
};

export const output = (commandLine: string): Output => ({ output: commandLine });

/** Characters a literal may hold inside double quotes without being read (`$`, `` ` ``, `\`, `"`, and `!` for bash's history). */
const DOUBLE_SAFE = /^[^$`\\"!]*$/;

/** One argument as shell text: bare, single-quoted, or double-quoted around a variable or an output. */
export function shellWord(word: Word): string {
  const parts: readonly Part[] = typeof word === 'string' || !Array.isArray(word) ? [word as Part] : word;
  if (parts.length === 1 && typeof parts[0] === 'string') return shellQuote(parts[0]);
  const literals = parts.filter((p): p is string => typeof p === 'string').map(clean);
  if (literals.every((l) => DOUBLE_SAFE.test(l))) {
    // One double-quoted word reads best: "IpProtocol=tcp,…,GroupId=$ENDPOINT_SG}]".
    let text = '';
    parts.forEach((p, i) => {
      if (typeof p === 'string') text += clean(p);
      else if ('variable' in p) {
        const next = parts[i + 1];
        const glued = typeof next === 'string' && /^[A-Za-z0-9_]/.test(next);
        text += glued ? `\${${p.variable}}` : `$${p.variable}`;
      } else text += `$(${p.output})`;
    });
    return `"${text}"`;
  }
  // Else each piece quoted on its own, side by side: 'it'\''s'"$VAR".
  return parts
    .map((p) =>
      typeof p === 'string'
        ? `'${clean(p).replaceAll("'", `'\\''`)}'`
        : 'variable' in p
          ? `"$${p.variable}"`
          : `"$(${p.output})"`,
    )
    .join('');
}

/**
 * One command line: its words, each quoted as {@link shellWord} quotes it, and a trailing
 * `# comment` (made one line) when given. The program name is a literal the caller chose.
 */
export function command(words: readonly Word[], comment?: string): string {
  const text = words.map(shellWord).join(' ');
  return comment === undefined ? text : `${text}   ${commentText(comment)}`;
}

/** `NAME=value` (no quotes are needed around an output: an assignment does not split words). */
export function assignment(name: string, value: Word, comment?: string): string {
  variable(name);
  const text =
    typeof value === 'object' && !Array.isArray(value) && 'output' in value
      ? `${name}=$(${value.output})`
      : `${name}=${shellWord(value)}`;
  return comment === undefined ? text : `${text}   ${commentText(comment)}`;
}

/** A comment line: `# text`, one line, nothing a shell runs. */
export function commentLine(text: string): string {
  return commentText(text);
}

function commentText(text: string): string {
  return `# ${clean(text)
    .replace(/\s{2,}/g, ' ')
    .trim()}`;
}

/**
 * A file written with a quoted here-document (`cat > file <<'EOF'`, nothing in it expanded),
 * for `file://` to read: the delimiter is chosen so that no line of the content is it.
 * Control characters in the content are taken out (a JSON document's become `\uXXXX` escapes
 * with {@link jsonText}, which keeps its meaning).
 */
export function heredoc(file: string, content: string): string {
  const lines = content.split('\n').map(clean);
  let delimiter = 'EOF';
  for (let n = 2; lines.includes(delimiter); n++) delimiter = `EOF_${n}`;
  return [`cat > ${shellQuote(file)} <<'${delimiter}'`, ...lines, delimiter].join('\n');
}

/**
 * A JSON document as one line of text: `JSON.stringify` (so no value can end a string early),
 * with the control characters it leaves as they are (C1, U+2028, bidi) escaped as `\uXXXX`.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(CONTROL_CHARACTERS, (run) =>
    [...run].map((c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`).join(''),
  );
}

// ── names ────────────────────────────────────────────────────────────────────────────────

const PARTITION = 'aws(?:-[a-z]+)*';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';
const SECRET_NAME = '[A-Za-z0-9/_+=.@-]{1,512}';
const SSM_NAME = '[A-Za-z0-9_./-]{1,2048}';
const LOG_GROUP = '[.\\-_/#A-Za-z0-9]{1,512}';
const REPOSITORY = '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*';
const ROLE_NAME = '[\\w+=,.@-]{1,64}';
const BUCKET = '[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]';

/**
 * AWS's own patterns for the names ecs-pullfix puts in commands (the API references'
 * constraints): a name that does not match cannot exist, so no command is given for it.
 * Resource ids keep AWS's prefix and its characters (the simulated account's are readable:
 * `sg-task`).
 */
const PATTERNS = {
  'Secrets Manager secret name': new RegExp(`^${SECRET_NAME}$`),
  'Secrets Manager secret ARN': new RegExp(
    `^arn:${PARTITION}:secretsmanager:${REGION}:\\d{12}:secret:${SECRET_NAME}$`,
  ),
  'SSM parameter name': new RegExp(`^${SSM_NAME}$`),
  'CloudWatch Logs log group name': new RegExp(`^${LOG_GROUP}$`),
  'ECR repository name': new RegExp(`^(?=.{2,256}$)${REPOSITORY}$`),
  'IAM role name': new RegExp(`^${ROLE_NAME}$`),
  'IAM instance profile name': /^[\w+=,.@-]{1,128}$/,
  'ECS capacity provider name': /^[A-Za-z0-9_-]{1,255}$/,
  /** ECS: up to 255 letters, numbers, `-`, `_`, `:`, `.`, `/`, `#` (and `@` for a digest). */
  'container image': /^[A-Za-z0-9_:./#@-]{1,255}$/,
  'image tag': /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,299}$/,
  'image digest': /^sha256:[0-9a-f]{64}$/,
  platform: /^[a-z0-9_]{1,32}\/[a-z0-9_]{1,32}(?:\/[a-z0-9_]{1,32})?$/,
  'ECS cluster name': /^[A-Za-z0-9_-]{1,255}$/,
  'ECS service name': /^[A-Za-z0-9_-]{1,255}$/,
  region: new RegExp(`^${REGION}$`),
  'account id': /^\d{12}$/,
  'IPv4 CIDR':
    /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(?:3[0-2]|[12]?\d)$/,
  'VPC id': /^vpc-[a-z0-9][a-z0-9-]{0,62}$/,
  'subnet id': /^subnet-[a-z0-9][a-z0-9-]{0,62}$/,
  'security group id': /^sg-[a-z0-9][a-z0-9-]{0,62}$/,
  'route table id': /^rtb-[a-z0-9][a-z0-9-]{0,62}$/,
  'VPC endpoint id': /^vpce-[a-z0-9][a-z0-9-]{0,62}$/,
  'network ACL id': /^acl-[a-z0-9][a-z0-9-]{0,62}$/,
  'prefix list id': /^pl-[a-z0-9][a-z0-9-]{0,62}$/,
  'EFS file system id': /^fs-[a-z0-9][a-z0-9-]{0,62}$/,
  'EFS access point id': /^fsap-[a-z0-9][a-z0-9-]{0,62}$/,
  'VPC endpoint service name': new RegExp(`^com\\.amazonaws\\.${REGION}\\.[a-z0-9.-]{1,64}$`),
} as const satisfies Record<string, RegExp>;

export type NameKind = keyof typeof PATTERNS;

/** True when `value` is a possible `kind` by AWS's pattern. */
export function isValidName(kind: NameKind, value: string): boolean {
  return PATTERNS[kind].test(value);
}

/**
 * True for an ARN a policy statement may name as ecs-pullfix recommends one: `*`, or the ARN
 * of a log group, a repository, a secret, a parameter, an S3 bucket or object, a KMS key or
 * alias, each with its service's name pattern.
 */
export function isValidArn(arn: string): boolean {
  if (arn === '*') return true;
  if (arn.length > 2048 || hasControl(arn)) return false;
  const m = new RegExp(`^arn:${PARTITION}:([a-z0-9-]+):(${REGION})?:(\\d{12})?:(.+)$`).exec(arn);
  if (!m) return false;
  const [, service, , , resource = ''] = m;
  const test = (pattern: string) => new RegExp(`^${pattern}$`).test(resource);
  switch (service) {
    case 'logs':
      return test(`log-group:${LOG_GROUP}(?::\\*|:log-stream:[^:*]{1,512})?`);
    case 'ecr':
      return resource.length <= 'repository/'.length + 256 && test(`repository/${REPOSITORY}`);
    case 'secretsmanager':
      return test(`secret:${SECRET_NAME}`);
    case 'ssm':
      return test(`parameter/?${SSM_NAME}`);
    case 's3':
      // An object key may hold any character but a control one (quotes, spaces, `$` included):
      // the here-document and JSON keep it exact.
      return test(`${BUCKET}(?:/.{1,1024})?`);
    case 'kms':
      return test('(?:key/[A-Za-z0-9-]{1,128}|alias/[A-Za-z0-9/_-]{1,256})');
    case 'elasticfilesystem':
      return test('(?:file-system/fs|access-point/fsap)-[a-z0-9][a-z0-9-]{0,62}');
    default:
      return false;
  }
}

/**
 * How a name that is not valid is shown: quoted, cleaned, cut to 100 characters, so that it is
 * seen for what it is and never taken for a command.
 */
export function shownName(value: string): string {
  const text = clean(value);
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 99)}…` : text);
}

/** The names a command needs, with what each must be. */
export type NameCheck = readonly [kind: NameKind, value: string];

/**
 * The command `build` makes when every name is valid; else one comment line per invalid name
 * (`# no command: "…" is not a valid SSM parameter name`, then `hint`), and nothing to run.
 */
export function ifValid(names: readonly NameCheck[], build: () => string, hint?: string): string {
  const invalid = names.filter(([kind, value]) => !isValidName(kind, value));
  if (invalid.length === 0) return build();
  return invalid
    .map(([kind, value]) =>
      commentLine(`no command: ${shownName(value)} is not a valid ${kind}${hint ? `: ${hint}` : ''}`),
    )
    .join('\n');
}
