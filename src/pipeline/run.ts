import type { Classification } from '../core/causes.js';
import { classify } from '../core/classify.js';
import { diagnose } from '../core/diagnose.js';
import { type StoppedTask, stopRecordOf } from '../core/event.js';
import type { Finding } from '../core/findings.js';
import type { Snapshot } from '../core/network.js';
import type { ReadPorts } from '../core/ports.js';
import { inspect } from './inspect.js';

/** What one run of the pipeline made of one stopped task. */
export type Report = Readonly<{
  task: StoppedTask;
  classification: Classification;
  /** Absent when the task was not a start failure (nothing was inspected). */
  snapshot?: Snapshot;
  findings: readonly Finding[];
}>;

/**
 * The pipeline the Lambda, the CLI and the demo share: classify → inspect → diagnose.
 * A task that is `not-a-start-failure` stops after classification, silently.
 */
export async function runPipeline(task: StoppedTask, ports: ReadPorts): Promise<Report> {
  const classification = classify(stopRecordOf(task));
  if (classification.cause === 'not-a-start-failure') return { task, classification, findings: [] };
  const snapshot = await inspect(task, ports);
  return { task, classification, snapshot, findings: diagnose(snapshot, classification) };
}
