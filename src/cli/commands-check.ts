import type { Command } from 'commander';
import { InvalidInputError } from '../errors.js';
import { PROFILE_HELP, REGION_HELP, type Shell } from './shell.js';

type ScanOpts = {
  cluster?: string[];
  json: boolean;
  region?: string;
  profile?: string;
  accounts?: string;
  organization?: boolean;
  roleName?: string;
};

/** `check` and `scan`: services diagnosed before their next task fails. */
export function addCheckCommands(program: Command, { io, stdout, stderr, settings, exit }: Shell): void {
  program
    .command('check')
    .description(
      "preflight: diagnose a service's next task before it fails (its task definition and network); exit 2 when it would fail to start",
    )
    .requiredOption('--cluster <cluster>', 'the cluster name or ARN')
    .requiredOption('--service <service>', 'the service name')
    .option('--json', 'print one JSON document', false)
    .option('--region <region>', REGION_HELP)
    .option('--profile <profile>', PROFILE_HELP)
    .action(
      async (opts: {
        cluster: string;
        service: string;
        json: boolean;
        region?: string;
        profile?: string;
      }) => {
        const { runCheck } = await import('./check-command.js');
        exit(await runCheck(opts, io.env, settings(), stdout, stderr));
      },
    );
  program
    .command('scan')
    .description(
      'check every service of a cluster (or of every cluster in the region); exit 2 when any would fail to start',
    )
    .option('--cluster <cluster...>', 'the clusters to scan, by name or ARN (default: all in the region)')
    .option(
      '--accounts <ids>',
      'scan these accounts (12-digit ids, comma-separated) through their member role',
    )
    .option(
      '--organization',
      'scan every ACTIVE account of the organisation (organizations:ListAccounts: run from the management or a delegated administrator account)',
    )
    .option(
      '--role-name <name>',
      'with --accounts or --organization: the role to assume in each account, NAME-<region> (a NAME already ending in -<region> as it is; default: ecs-pullfix-member, so ecs-pullfix-member-<region>); your own account is read with your credentials',
    )
    .option('--json', 'print one JSON document', false)
    .option('--region <region>', REGION_HELP)
    .option('--profile <profile>', PROFILE_HELP)
    .action(async (opts: ScanOpts) => {
      if (opts.accounts !== undefined && opts.organization)
        throw new InvalidInputError('--accounts and --organization: give one of them');
      if (opts.accounts === undefined && !opts.organization) {
        if (opts.roleName !== undefined)
          throw new InvalidInputError('--role-name is for --accounts or --organization');
        const { runScan } = await import('./check-command.js');
        return exit(await runScan(opts, io.env, settings(), stdout, stderr));
      }
      const { runScanAccounts } = await import('./scan-accounts-run.js');
      exit(await runScanAccounts(opts, io.env, settings(), stdout, stderr));
    });
}
