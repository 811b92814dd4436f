import type { Writable } from 'node:stream';
import type { Env } from '../aws/environment.js';
import { leftBehindOn } from '../aws/left-behind.js';
import type { Settings } from '../config.js';
import type { LeftBehindDeleter, LeftBehindReader } from '../core/left-behind.js';
import { type DeleteStep, planDeletes, planLines } from '../core/left-behind-delete.js';
import { InvalidInputError } from '../errors.js';
import { type AwsFlags, awsContext } from './aws-context.js';
import type { Ask } from './confirm.js';
import { EXIT } from './exit-codes.js';
import { readLeftBehind, readManaged } from './managed-read.js';
import { cell, managedDocument, managedText } from './managed-table.js';

export type ManagedFlags = AwsFlags & Readonly<{ json: boolean; delete?: readonly string[]; yes: boolean }>;

type Port = LeftBehindReader & LeftBehindDeleter;

/** `managed` on AWS: the environment resolved as every command's, the adapter on its clients. */
export async function runManaged(
  flags: ManagedFlags,
  env: Env,
  settings: Settings,
  out: Writable,
  err: Writable,
  ask: Ask | undefined,
): Promise<number> {
  // Deleting is deliberate: refused before anything is read where nobody can be asked.
  if (flags.delete && !flags.yes && !ask)
    throw new InvalidInputError(
      'managed --delete deletes from your AWS account: pass --yes to confirm (there is no terminal to ask on)',
    );
  const { environment } = await awsContext(env, settings, flags, err);
  const port = leftBehindOn({
    region: environment.region,
    ...(environment.profile ? { profile: environment.profile } : {}),
    endpoints: environment.endpoints,
  });
  return managedOn(port, environment.region, flags, out, err, ask);
}

/** `managed` on any port: the listing, or the deletion of what a person named. */
export async function managedOn(
  port: Port,
  region: string,
  flags: ManagedFlags,
  out: Writable,
  err: Writable,
  ask: Ask | undefined,
): Promise<number> {
  if (flags.delete) return deleteNamed(port, region, flags.delete, flags, out, err, ask);
  const facts = await readLeftBehind(port, region);
  out.write(flags.json ? `${JSON.stringify(managedDocument(facts), null, 2)}\n` : managedText(facts));
  return EXIT.ok;
}

async function deleteNamed(
  port: Port,
  region: string,
  ids: readonly string[],
  flags: ManagedFlags,
  out: Writable,
  err: Writable,
  ask: Ask | undefined,
): Promise<number> {
  const plan = planDeletes(await readManaged(port, region), ids);
  if (!plan.ok) {
    for (const r of plan.refusals) err.write(`ecs-pullfix: ${cell(r, 400)}\n`);
    err.write('ecs-pullfix: nothing was deleted\n');
    return EXIT.usage;
  }
  for (const n of plan.notes) err.write(`ecs-pullfix: ${cell(n, 300)}\n`);
  if (plan.steps.length === 0) return EXIT.ok;
  if (!flags.yes) {
    err.write(`managed will make ${plan.steps.length} change(s) in ${region}:\n`);
    for (const line of planLines(plan.steps)) err.write(`  - ${cell(line, 300)}\n`);
    const answer = ask ? await ask('Delete them? [y/N] ') : '';
    if (!/^\s*y(es)?\s*$/i.test(answer)) {
      err.write('ecs-pullfix: not confirmed: nothing was deleted\n');
      return EXIT.ok;
    }
  }
  return runSteps(port, plan.steps, out, err);
}

/** Runs the steps in order, printing each that was done; stops at the first that failed. */
async function runSteps(
  port: Port,
  steps: readonly DeleteStep[],
  out: Writable,
  err: Writable,
): Promise<number> {
  let deletedEndpoints = false;
  for (const step of steps) {
    switch (step.kind) {
      case 'revoke-rule':
        await port.revokeRule(step.rule);
        out.write(`${cell(step.line.replace(/^revoke/, 'revoked'), 300)}\n`);
        break;
      case 'delete-endpoints': {
        const failed = await port.deleteEndpoints(step.ids);
        step.ids.forEach((id, i) => {
          const why = failed.find((f) => f.id === id)?.why;
          if (why) err.write(`ecs-pullfix: ${id} was not deleted: ${cell(why, 200)}\n`);
          else out.write(`${cell((step.lines[i] ?? id).replace(/^delete/, 'deleted'), 300)}\n`);
        });
        if (failed.length > 0) return EXIT.partial;
        deletedEndpoints = true;
        break;
      }
      case 'delete-group':
        try {
          await port.deleteSecurityGroup(step.groupId);
        } catch (e) {
          // AWS deletes an endpoint's interfaces a few minutes after the endpoint: until then the group is in use.
          if (!deletedEndpoints || !/DependencyViolation/.test(String(e))) throw e;
          err.write(
            `ecs-pullfix: ${step.groupId} is still in use while its endpoints' network interfaces are deleted: run ecs-pullfix managed --delete ${step.groupId} again in a few minutes\n`,
          );
          return EXIT.partial;
        }
        out.write(`${cell(step.line.replace(/^delete/, 'deleted'), 300)}\n`);
        break;
    }
  }
  return EXIT.ok;
}
