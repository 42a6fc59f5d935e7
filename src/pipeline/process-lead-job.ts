import type { JobHandler } from '../jobs/index.js'
import { parseVersionedFormUrn } from '../linkedin/index.js'
import { getEvent, leadsRepository, type Store, setEventStatus } from '../store/index.js'
import type { Clock } from '../util/index.js'
import { deleteLead } from './delete-lead.js'
import { type EnrichDeps, enrichLead } from './enrich-lead.js'

export interface ProcessLeadDeps extends EnrichDeps {
  readonly store: Store
  readonly clock: Clock
  /** Scores, routes and alerts an enriched lead (idempotent). */
  readonly routeAndAlert: (leadId: string) => Promise<unknown>
  /** Channels that erase what they wrote when LinkedIn deletes a lead. */
  readonly deletingChannels?: readonly string[]
}

/** Turns one stored notification into a lead: CREATED is fetched and normalised, DELETED erased. */
export function createProcessLeadHandler(deps: ProcessLeadDeps): JobHandler<'process-lead'> {
  const { store, clock } = deps
  return async ({ eventId }) => {
    const event = await getEvent(store.db, eventId)
    if (!event) return { kind: 'failed', reason: `event ${eventId} does not exist` }
    if (event.status === 'processed') return { kind: 'done' }
    if (!event.lead_id || !event.lead_gen_form_response)
      return { kind: 'failed', reason: `event ${eventId} names no lead` }
    const lead = { id: event.lead_id, urn: event.lead_gen_form_response }
    const now = clock.now().getTime()
    const form = parseVersionedFormUrn(event.lead_gen_form)

    if (event.lead_action === 'DELETED') {
      await deleteLead(store, lead, now, deps.deletingChannels ?? [])
      await setEventStatus(store.db, eventId, 'processed', clock.now())
      return { kind: 'done' }
    }

    const created = await leadsRepository.insertLeadIfNew(store.db, {
      id: lead.id,
      urn: lead.urn,
      status: 'received',
      lead_type: event.lead_type,
      form_id: form?.formId ?? null,
      form_version: form?.version ?? null,
      owner: event.owner,
      received_at: event.received_at,
      source: 'webhook',
      test: 0,
      created_at: now,
      updated_at: now,
    })
    if (created)
      await leadsRepository.addTimeline(store.db, lead.id, 'received', event.received_at, `notification ${eventId}`)

    const current = await leadsRepository.getLead(store.db, lead.id)
    if (current?.status === 'deleted') {
      await leadsRepository.addTimeline(store.db, lead.id, 'ignored', now, 'CREATED arrived after the lead was deleted')
      await setEventStatus(store.db, eventId, 'processed', clock.now())
      return { kind: 'done' }
    }

    const outcome = current?.status === 'enriched' ? ({ kind: 'enriched' } as const) : await enrichLead(deps, lead.id)
    switch (outcome.kind) {
      case 'enriched':
        await deps.routeAndAlert(lead.id)
        await setEventStatus(store.db, eventId, 'processed', clock.now())
        return { kind: 'done' }
      case 'deleted':
        await setEventStatus(store.db, eventId, 'processed', clock.now())
        return { kind: 'done' }
      case 'failed':
        await setEventStatus(store.db, eventId, 'failed', clock.now())
        return { kind: 'failed', reason: outcome.reason }
      case 'retry':
        return { kind: 'retry', reason: outcome.reason, ...(outcome.notBefore ? { notBefore: outcome.notBefore } : {}) }
    }
  }
}
