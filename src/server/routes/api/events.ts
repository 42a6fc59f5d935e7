import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { EVENT_STATUSES, type EventRow, getEvent, listEvents, type Store } from '../../../store/index.js'
import { storedBody } from '../../../views/index.js'
import { invalidRequest } from '../../error-handler.js'

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().positive().optional(),
  status: z.enum(EVENT_STATUSES).optional(),
})

/** The API's JSON for an event: camelCase, ISO-8601 UTC times, stable names. */
export function eventSummary(row: EventRow) {
  return {
    id: row.id,
    leadGenFormResponse: row.lead_gen_form_response,
    leadAction: row.lead_action,
    leadType: row.lead_type,
    owner: row.owner ? (JSON.parse(row.owner) as Record<string, string>) : null,
    occurredAt: iso(row.occurred_at),
    receivedAt: iso(row.received_at),
    status: row.status,
  }
}

export function eventDetail(row: EventRow) {
  return {
    ...eventSummary(row),
    leadGenForm: row.lead_gen_form,
    associatedEntity: row.associated_entity ? JSON.parse(row.associated_entity) : null,
    processedAt: iso(row.processed_at),
    signatureVariant: row.signature_variant,
    secretSlot: row.secret_slot,
    quarantineReason: row.quarantine_reason,
    // A LEAD_ACTION body holds only URNs; kept visible for quarantined bodies so an operator can see why.
    // Bytes that are not UTF-8 are shown as base64 too, since the text alone would not verify.
    ...(row.status === 'quarantined' ? rawBodyFields(row) : {}),
  }
}

function rawBodyFields(row: EventRow): { rawBody: string | null; rawBodyBase64?: string } {
  const body = storedBody(row)
  return body.base64 === undefined ? { rawBody: body.text } : { rawBody: body.text, rawBodyBase64: body.base64 }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

export const eventsApiRoutes: FastifyPluginAsync<{ readonly store: Store }> = async (app, { store }) => {
  app.get('/api/events', async (request, reply) => {
    const query = ListQuery.safeParse(request.query)
    if (!query.success) {
      return invalidRequest(reply, query.error.issues)
    }
    const page = await listEvents(store.db, query.data)
    return { events: page.events.map(eventSummary), nextCursor: page.nextCursor ?? null }
  })

  app.get<{ Params: { id: string } }>('/api/events/:id', async (request, reply) => {
    const id = Number(request.params.id)
    const row = Number.isSafeInteger(id) && id > 0 ? await getEvent(store.db, id) : undefined
    if (!row) return reply.code(404).send({ error: 'not-found', message: `No event ${request.params.id}` })
    return eventDetail(row)
  })
}
