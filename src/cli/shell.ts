import type { Readable, Writable } from 'node:stream';
import type { Settings } from '../config.js';
import type { Ask } from './confirm.js';

// What every command's registration is given (main.ts builds it), and the help texts they share.

export const REGION_HELP = 'the AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile’s region)';
export const REGION_HELP_REPLAY = `${REGION_HELP.slice(0, -1)}, the event’s)`;
export const PROFILE_HELP =
  'a named profile from the AWS config files, exactly as AWS_PROFILE (default: AWS_PROFILE)';

export type Io = Readonly<{
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** The environment (`process.env` in the installed command): read once, here. */
  env: Readonly<Record<string, string | undefined>>;
  /** How to ask a person (default: on the terminal, when standard input is one). */
  ask?: Ask;
}>;

/** What every command's action is given: the streams, the environment, the settings, its exit code. */
export type Shell = Readonly<{
  io: Io;
  stdout: Writable;
  stderr: Writable;
  ask: Ask | undefined;
  /** ecs-pullfix's own variables, parsed once, when a command first needs them. */
  settings: () => Settings;
  exit: (code: number) => void;
}>;
