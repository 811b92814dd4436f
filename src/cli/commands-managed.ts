import type { Command } from 'commander';
import { PROFILE_HELP, REGION_HELP, type Shell } from './shell.js';

type ManagedOpts = { json: boolean; region?: string; profile?: string; delete?: string[]; yes: boolean };

/** `managed`: what auto-fix created, listed and removed on request (issue 21). */
export function addManagedCommands(
  program: Command,
  { io, stdout, stderr, ask, settings, exit }: Shell,
): void {
  program
    .command('managed')
    .description(
      'list what auto-fix created (tagged ecs-pullfix:managed=true): endpoints, the endpoint security group, rules; who made each, its monthly cost, whether a task still uses it',
    )
    .option('--json', 'print one JSON document', false)
    .option(
      '--delete <id...>',
      'delete these VPC endpoints and endpoint security groups (only those tagged ecs-pullfix:managed=true; asks first)',
    )
    .option('--yes', 'with --delete: delete without asking (needed where there is no terminal)', false)
    .option('--region <region>', REGION_HELP)
    .option('--profile <profile>', PROFILE_HELP)
    .action(async (opts: ManagedOpts) => {
      const { runManaged } = await import('./managed-command.js');
      exit(await runManaged(opts, io.env, settings(), stdout, stderr, ask));
    });
}
