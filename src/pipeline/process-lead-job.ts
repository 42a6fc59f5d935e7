import type { JobHandler } from '../jobs/job-types.js'
import { getEvent, setEventStatus } from '../store/events-repository.js'
import type { Store } from '../store/store.js'
import type { Clock } from '../util/clock.js'

/**
 * Enrichment (Lead Sync fetch, mapping, normalisation) is not built yet: for now the job records that
 * the event reached the worker and waits for enrichment, so nothing received is forgotten.
 */
export function createProcessLeadHandler(deps: {
  readonly store: Store
  readonly clock: Clock
}): JobHandler<'process-lead'> {
  return async ({ eventId }) => {
    const event = await getEvent(deps.store.db, eventId)
    if (!event) return { kind: 'failed', reason: `event ${eventId} does not exist` }
    if (event.status === 'queued') await setEventStatus(deps.store.db, eventId, 'awaiting-enrichment', deps.clock.now())
    return { kind: 'done' }
  }
}
