import type { Command } from 'commander';
import type { HistoryFlags } from './history-command.js';
import { PROFILE_HELP, REGION_HELP, type Shell } from './shell.js';

/** `history`: incidents kept past ECS’s hour (issue 21). `replay --incident` is registered with `replay` (main.ts). */
export function addHistoryCommands(program: Command, { io, stdout, stderr, settings, exit }: Shell): void {
  program
    .command('history')
    .description(
      'list the incidents the incident table keeps (30 days), newest first, with the ids replay --incident takes',
    )
    .option('--cluster <cluster>', 'only this cluster (its name or ARN)')
    .option('--service <service>', 'only this service (or, for a task no service started, this task family)')
    .option('--limit <n>', 'list at most N incidents (default: 20)')
    .option('--table <name>', 'the incident table (default: ECS_PULLFIX_TABLE)')
    .option('--json', 'print one JSON document', false)
    .option('--region <region>', REGION_HELP)
    .option('--profile <profile>', PROFILE_HELP)
    .action(async (opts: HistoryFlags) => {
      const { runHistory } = await import('./history-command.js');
      exit(await runHistory(opts, io.env, settings(), stdout, stderr));
    });
}
