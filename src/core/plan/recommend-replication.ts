import type { ReplicationAdvice } from '../replication.js';
import { command, commentLine, heredoc } from '../shell.js';

/** The file the registry's whole replication configuration is written to, for `file://` to read. */
const CONFIGURATION_FILE = 'ecs-pullfix-replication.json';

/** The images by their names in the task's Region, in a phrase. */
function uris(a: Extract<ReplicationAdvice, { images: unknown }>): string {
  return a.images.map((i) => i.uri).join(', ');
}

/**
 * The fix's words on replication: the rule that already copies the images (use them there),
 * the configuration to put (it replaces the whole one: the rules it has are kept), or that the
 * rules could not be read. Recommend-only: ecs-pullfix writes no registry's configuration.
 */
export function replicationWords(a: ReplicationAdvice): string {
  switch (a.kind) {
    case 'replicated':
      return ` A replication rule of this registry in ${a.imageRegion} already copies the image into ${a.taskRegion}: point the task definition at ${uris(a)} (replication copies only images pushed after the rule was made: push again if the image is not there yet).`;
    case 'no-rule':
      return ` No replication rule of this registry in ${a.imageRegion} copies ${a.repositories.join(', ')} into ${a.taskRegion}: add one (aws ecr put-replication-configuration --region ${a.imageRegion}, with the rules it has kept: it replaces the whole configuration), push the image again (replication copies only images pushed after the rule), and point the task definition at ${uris(a)}.`;
    case 'unread':
      return ` Replication rules not checked: ${a.why}.`;
  }
}

/**
 * The commands that bring the images into the task's Region by replication, for the registry's
 * owner (this account) to run: the whole configuration written to a file (every rule it has,
 * then the new one), then `put-replication-configuration` in the image's Region.
 */
export function replicationCli(a: ReplicationAdvice): string | undefined {
  switch (a.kind) {
    case 'replicated':
      return commentLine(
        `a replication rule already copies the image into ${a.taskRegion}: set the task definition's image to ${uris(a)}`,
      );
    case 'no-rule':
      return [
        commentLine(
          `put-replication-configuration replaces the registry's whole configuration: this file keeps its ${a.kept} rule(s) and adds one into ${a.taskRegion}`,
        ),
        heredoc(CONFIGURATION_FILE, a.configuration),
        command([
          'aws',
          'ecr',
          'put-replication-configuration',
          '--replication-configuration',
          `file://${CONFIGURATION_FILE}`,
          '--region',
          a.imageRegion,
        ]),
        commentLine(
          `then push the image again (replication copies images pushed after the rule) and set the task definition's image to ${uris(a)}`,
        ),
      ].join('\n');
    case 'unread':
      return undefined;
  }
}
