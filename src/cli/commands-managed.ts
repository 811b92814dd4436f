import type { Command } from 'commander';
import type { Shell } from './shell.js';

/** `managed`: what auto-fix created, listed and removed on request (issue 21). */
export function addManagedCommands(_program: Command, _shell: Shell): void {}
