import type { Command } from 'commander';
import type { Shell } from './shell.js';

/** `history`: incidents kept past ECS’s hour (issue 21). */
export function addHistoryCommands(_program: Command, _shell: Shell): void {}
