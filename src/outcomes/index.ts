import type { Channels } from '../channels/index.js'
import type { Config } from '../config/index.js'
import type { JobHandlers } from '../jobs/index.js'
import type { Store } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import { createCrmPollHandler, scheduleCrmPoll } from './crm-poll-job.js'
import { stageMaps } from './crm-stage-map.js'
import { type OutcomeHook, type OutcomeRequest, type RecordOutcomeResult, recordOutcome } from './record-outcome.js'
import type { OutcomeInput } from './stages.js'

export { crmOutcome, DEFAULT_HUBSPOT_MAP, DEFAULT_SALESFORCE_MAP, movesForward, stageMaps } from './crm-stage-map.js'
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

export interface OutcomesDeps {
  readonly store: Store
  readonly clock: Clock
  readonly logger?: Logger
  /** CRM channels read back on `outcomes.crmPollMinutes`; without them there is no read-back. */
  readonly channels?: Pick<Channels, 'byName'>
}

/**
 * Outcomes: what became of a lead. Every way of setting one (API, CLI, Slack, dashboard, CRM read-back) goes
 * through `record`, so the timeline, the conversion event and the hooks are the same whoever sets it.
 */
export function createOutcomes(config: Pick<Config, 'outcomes' | 'conversions'>, deps: OutcomesDeps) {
  const hooks: OutcomeHook[] = []
  const reasons = config.outcomes.disqualifyReasons
  const everyMs = config.outcomes.crmPollMinutes * 60_000
  const crmChannels = [...(deps.channels?.byName.values() ?? [])].filter((c) => c.readOutcomes)
  function record(
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
    return recordOutcome({ store: deps.store, conversionRules: config.conversions, hooks }, leadId, request)
  }
  const outcomes = {
    reasons,
    conversionRules: config.conversions,
    /** Sequences (and anything else that must stop when a lead has an outcome) register here. */
    onRecorded(hook: OutcomeHook): void {
      hooks.push(hook)
    },
    record,
    handlers: {} as JobHandlers,
    /** After migrations: queues the first CRM read-back when a CRM channel can read back. */
    async start(): Promise<void> {
      if (everyMs > 0 && crmChannels.length > 0) await scheduleCrmPoll(deps.store, deps.clock.now(), everyMs)
    },
  }
  if (everyMs > 0 && crmChannels.length > 0 && deps.logger)
    outcomes.handlers = {
      'crm-poll': createCrmPollHandler({
        store: deps.store,
        clock: deps.clock,
        logger: deps.logger,
        outcomes,
        channels: crmChannels,
        everyMs,
        maps: stageMaps({ ...config.outcomes, disqualifyReasons: reasons }),
      }),
    }
  return outcomes
}
export type Outcomes = Pick<ReturnType<typeof createOutcomes>, 'reasons' | 'conversionRules' | 'onRecorded' | 'record'>
