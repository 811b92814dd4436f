import { type Need, needsOf } from '../needs.js';
import { type CheckInput, notChecked, type Verdict } from './verdict.js';

/** What the task needs to reach: from its task definition or, unread, from the images the event names. */
export function needsOfSnapshot({
  snapshot: s,
  region,
}: CheckInput): Readonly<{ needs: Need[]; verdicts: Verdict[] }> {
  if (s.taskDefinition.ok) return { needs: needsOf(s.taskDefinition.value, region), verdicts: [] };
  const unread = notChecked(
    'task-definition',
    `${s.taskDefinition.why}; only the images named in the event are checked`,
  );
  // The event still names each container's image: check the registries at least.
  const containers = s.task.containers.flatMap((c) =>
    c.image
      ? [{ name: c.name, image: c.image, essential: true, logOptions: {}, secrets: [], environmentFiles: [] }]
      : [],
  );
  const td = { arn: s.task.taskDefinitionArn, family: s.task.family, containers, volumes: [] };
  return { needs: needsOf(td, region), verdicts: [unread] };
}
