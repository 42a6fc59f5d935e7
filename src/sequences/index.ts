/**
 * Follow-up sequences: `createSequences(config, deps)` gives the step job handler, the delivery senders
 * for sequence e-mail and notices, the enrolment hook for routing, the routes, and `stop(leadId, reason)`.
 */
export {
  checkSequences,
  DEFAULT_OUTCOMES,
  type LlmConfig,
  type Sequence,
  SequencesConfigShape,
} from './config-schema.js'
export {
  createSequences,
  type Sequences,
  type SequencesConfig,
  type SequencesDeps,
  sequencesConfigFrom,
} from './create-sequences.js'
export { approveDraft, skipStepByHand } from './review-draft.js'
export type { SequenceRuntime } from './runtime.js'
export { nextStepOf, type SequenceView, sequenceView } from './sequence-view.js'
export { OUTCOME_STOPS, STOP_REASONS, type StopReason, type StopResult, stopSequence } from './stop-sequence.js'
export { completeTask } from './task-step.js'
