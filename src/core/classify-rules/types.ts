import type { Cause, Service } from '../causes.js';

/** A fact some field must show, gated by needles. */
export type Fact = Readonly<{ needles: readonly string[]; pattern: RegExp }>;

export type Rule = Readonly<{
  cause: Cause;
  /** Lower-case literals beginning a word, one of which must occur before the pattern is tried. */
  needles: readonly string[];
  /** Case-insensitive; its match is the evidence. */
  pattern: RegExp;
  /** A second fact some field must also show; its match is evidence too. */
  requires?: Fact;
  /** A fact that vetoes the rule when any field shows it. */
  unless?: RegExp;
  /** A condition on the registry the text names. */
  registry?: 'ecr' | 'ecr-or-unnamed';
  /** The service, when the rule itself settles it. */
  service?: Service;
}>;
