/*
 * AWS's checklist for CannotPullContainerError and ResourceInitializationError (./list.ts),
 * answered from a diagnosis (./answer.ts): which findings fail which check (./map.ts), what
 * each check needs before it can be called passed (./rules.ts), read from facts the diagnosis
 * already has (./facts.ts). Pure.
 */
export {
  answerChecklist,
  type CheckAnswer,
  type ChecklistInput,
  type CheckStatus,
  checklistLine,
} from './answer.js';
export {
  CHECKLIST,
  CHECKLIST_IDS,
  type ChecklistFamily,
  type ChecklistId,
  type ChecklistItem,
  titleOf,
} from './list.js';
export { FINDING_CHECKS, NOTE_CHECKS } from './map.js';
