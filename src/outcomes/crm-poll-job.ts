import type { Channel } from '../channels/index.js'
import type { JobHandler } from '../jobs/index.js'
import { enqueue } from '../jobs/index.js'
import { leadsRepository, outcomesRepository, recordSpeedDurations, type Store } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import { crmOutcome, movesForward, type StageMaps } from './crm-stage-map.js'
import type { Outcomes } from './index.js'
import type { OutcomeStage } from './stages.js'

/** Records read per CRM call (HubSpot's batch read takes 100 ids; SOQL `IN` lists stay short). */
const BATCH = 100
/** Leads older than this are not read back: outcomes of year-old leads no longer move reports. */
const HORIZON_MS = 180 * 86_400_000
/** At most this many records per CRM per poll, so one poll stays inside the CRM's rate limits. */
const PER_POLL = 2_000

export interface CrmPollDeps {
  readonly store: Store
  readonly clock: Clock
  readonly logger: Logger
  readonly outcomes: Outcomes
  readonly channels: readonly Channel[]
  readonly maps: StageMaps
  readonly everyMs: number
}

/** Queues the next poll at the next slot boundary; the key makes it fire once across a fleet. */
export async function scheduleCrmPoll(store: Store, now: Date, everyMs: number): Promise<void> {
  const slot = Math.ceil((now.getTime() + 1) / everyMs) * everyMs
  await enqueue(store.db, 'crm-poll', { slot: String(slot) }, now, { key: `crm-poll:${slot}`, runAt: new Date(slot) })
  store.notifyJobs()
}

/** Reads the synced leads' state back from each CRM, records the outcomes it implies, then schedules the next poll. */
export function createCrmPollHandler(deps: CrmPollDeps): JobHandler<'crm-poll'> {
  return async (_payload, ctx) => {
    const now = deps.clock.now()
    for (const channel of deps.channels) {
      if (!channel.readOutcomes || (channel.type !== 'hubspot' && channel.type !== 'salesforce')) continue
      try {
        await pollChannel(deps, channel, channel.type, ctx.signal)
      } catch (error) {
        // The next poll tries again; one CRM's outage does not stop the other's read-back.
        deps.logger.warn({ channel: channel.name, err: (error as Error).message }, 'CRM outcome read-back failed')
      }
    }
    await scheduleCrmPoll(deps.store, now, deps.everyMs)
    return { kind: 'done' }
  }
}

async function pollChannel(deps: CrmPollDeps, channel: Channel, crm: 'hubspot' | 'salesforce', signal: AbortSignal) {
  const now = deps.clock.now().getTime()
  const records = await outcomesRepository.syncedRecords(deps.store.db, channel.name, {
    since: now - HORIZON_MS,
    limit: PER_POLL,
  })
  const current = new Map(records.map((r) => [r.leadId, r.outcome as OutcomeStage | null]))
  for (let i = 0; i < records.length; i += BATCH) {
    const states = await (channel.readOutcomes as NonNullable<Channel['readOutcomes']>)(
      records.slice(i, i + BATCH),
      signal,
    )
    for (const state of states) {
      if (state.lastContactedAt && state.lastContactedAt <= now) {
        if (await outcomesRepository.recordFirstContact(deps.store.db, state.leadId, state.lastContactedAt)) {
          await recordSpeedDurations(deps.store.db, deps.store, [state.leadId])
          await leadsRepository.addTimeline(
            deps.store.db,
            state.leadId,
            'contacted',
            now,
            `engagement seen in ${channel.name}`,
          )
        }
      }
      const input = crmOutcome(crm, state, deps.maps)
      if (!input || !movesForward(current.get(state.leadId) ?? null, input.stage)) continue
      await deps.outcomes.record(state.leadId, input, { by: channel.name, via: crm })
    }
  }
}
