/**
 * Follow-up sequences: `createSequences(config, deps)` gives the step job handler, the delivery senders
 * for sequence e-mail and notices, the enrolment hook for routing, the routes, and `stop(leadId, reason)`.
 */
export {
  checkSequences,
  type LlmConfig,
  type Sequence,
  SequencesConfigShape,
} from './config-schema.js'
export { createSequences, type Sequences, type SequencesConfig, type SequencesDeps } from './create-sequences.js'
export { type SequenceView, sequenceView } from './sequence-view.js'
export { STOP_REASONS, type StopReason, type StopResult, stopSequence } from './stop-sequence.js'
