import type { Store } from '../store/index.js'
import type { Clock } from '../util/clock.js'
import { type OutcomeHook, type OutcomeRequest, type RecordOutcomeResult, recordOutcome } from './record-outcome.js'
import type { OutcomeInput, OutcomeStage } from './stages.js'

export {
  CONVERSION_MAX_AGE_MS,
  CONVERSIONS_CHANNEL,
  type OutcomeHook,
  type OutcomeRecorded,
  type RecordOutcomeResult,
} from './record-outcome.js'
export {
  DEFAULT_DISQUALIFY_REASONS,
  isOutcomeStage,
  OUTCOME_STAGES,
  type OutcomeInput,
  type OutcomeStage,
  parseOutcomeInput,
} from './stages.js'

export interface OutcomesConfig {
  readonly disqualifyReasons: readonly string[]
  /** Outcome stage → LinkedIn conversion rule URN. */
  readonly conversionRules: Readonly<Partial<Record<OutcomeStage, string>>>
}

/**
 * Outcomes: what became of a lead. Every way of setting one (API, CLI, Slack, dashboard, CRM read-back) goes
 * through `record`, so the timeline, the conversion event and the hooks are the same whoever sets it.
 */
export function createOutcomes(config: OutcomesConfig, deps: { readonly store: Store; readonly clock: Clock }) {
  const hooks: OutcomeHook[] = []
  return {
    reasons: config.disqualifyReasons,
    conversionRules: config.conversionRules,
    /** Sequences (and anything else that must stop when a lead has an outcome) register here. */
    onRecorded(hook: OutcomeHook): void {
      hooks.push(hook)
    },
    record(
      leadId: string,
      input: OutcomeInput,
      who: { readonly by: string; readonly via: string; readonly happenedAt?: Date },
    ): Promise<RecordOutcomeResult> {
      const request: OutcomeRequest = {
        input,
        by: who.by,
        via: who.via,
        at: deps.clock.now(),
        ...(who.happenedAt ? { happenedAt: who.happenedAt } : {}),
      }
      return recordOutcome({ store: deps.store, conversionRules: config.conversionRules, hooks }, leadId, request)
    },
  }
}
export type Outcomes = ReturnType<typeof createOutcomes>
