import type { Snapshot } from '../../network.js';
import { type ReplicationAdvice, replicationAdvice } from '../../replication.js';
import { notChecked, type Verdict } from '../verdict.js';

/**
 * What replication says of the task's images in the account's registry in `imageRegion`:
 * a rule already copies them into the task's Region, none does, or the rules were not read.
 */
export function replicationOf(snapshot: Snapshot, imageRegion: string): ReplicationAdvice | undefined {
  const td = snapshot.taskDefinition;
  if (!td.ok || imageRegion === snapshot.region) return undefined;
  return replicationAdvice(snapshot.replication, td.value.containers, {
    imageRegion,
    taskRegion: snapshot.region,
  });
}

/** A Region's replication rules that could not be read: said once, whatever finding would have used them. */
export function replicationNotes(snapshot: Snapshot): Verdict[] {
  return (snapshot.replication ?? []).flatMap((c) =>
    c.rules.ok
      ? []
      : [
          notChecked(
            'replication',
            `${c.rules.why}: whether a replication rule copies the image from ${c.region} into ${snapshot.region} is unknown`,
          ),
        ],
  );
}
