import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { type Acknowledge, acknowledgeLead, reassignLead } from '../../../pipeline/index.js'
import type { Team } from '../../../routing/index.js'
import { LEAD_STATUSES, leadsRepository, SearchUnavailableError, type Store } from '../../../store/index.js'
import type { Clock } from '../../../util/index.js'
import { parseDuration } from '../../../util/index.js'
import { decodeLeadCursor, encodeLeadCursor, leadView } from '../../../views/index.js'
import { invalidRequest } from '../../error-handler.js'

/** `2026-11-01`, `2026-11-01T09:00:00Z`, epoch ms, or a duration back from now (`24h`, `30d`). */
function instant(clock: Clock) {
  return z
    .string()
    .transform((text, ctx) => {
      const ago = parseDuration(text)
      if (ago !== undefined) return clock.now().getTime() - ago
      const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text)
      if (Number.isNaN(ms)) {
        ctx.addIssue({ code: 'custom', message: 'must be an ISO date, epoch milliseconds or a duration like 24h' })
        return z.NEVER
      }
      return ms
    })
    .optional()
}

const SEARCH_LIMIT = new SearchUnavailableError().message

export interface LeadsApiOptions {
  readonly store: Store
  readonly clock: Clock
  readonly timeZone: string
  readonly team: Team | undefined
  /** Records an acknowledgement with the pipeline's hooks; absent, the acknowledgement alone. */
  readonly acknowledge?: Acknowledge
}

export const leadsApiRoutes: FastifyPluginAsync<LeadsApiOptions> = async (app, options) => {
  const { store, clock, timeZone, team } = options
  const ListQuery = z.object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().optional(),
    since: instant(clock),
    until: instant(clock),
    leadType: z.string().optional(),
    form: z.string().optional(),
    owner: z.string().optional(),
    status: z.enum(LEAD_STATUSES).optional(),
    test: z.enum(['true', 'false']).optional(),
    q: z.string().min(1).max(200).optional(),
  })

  app.get('/api/leads', async (request, reply) => {
    const query = ListQuery.safeParse(request.query)
    if (!query.success) {
      return invalidRequest(reply, query.error.issues)
    }
    const { limit, cursor, test, form, ...filters } = query.data
    const after = cursor ? decodeLeadCursor(cursor) : undefined
    if (cursor && !after)
      return reply.code(400).send({ error: 'invalid-request', message: 'cursor: not a cursor this API gave' })
    const page = await leadsRepository
      .listLeads(
        store.db,
        {
          ...filters,
          ...(form ? { formId: form.match(/leadGenForm:(\d+)/)?.[1] ?? form } : {}),
          ...(test ? { test: test === 'true' } : {}),
        },
        { limit, after },
      )
      .catch((error: unknown) => {
        if (error instanceof SearchUnavailableError) return undefined
        throw error
      })
    // ENCRYPT_PERSONAL_DATA: names and companies are ciphertext, so `q` can only be an exact e-mail address.
    if (!page) return reply.code(400).send({ error: 'search-unavailable', message: `q: ${SEARCH_LIMIT}` })
    return {
      leads: page.leads.map((row) => leadView(row, undefined, timeZone)),
      nextCursor: page.next ? encodeLeadCursor(page.next) : null,
    }
  })

  app.get<{ Params: { id: string } }>('/api/leads/:id', async (request, reply) => {
    const id = request.params.id.replace(/^urn:li:leadGenFormResponse:/, '')
    const row = await leadsRepository.getLead(store.db, id)
    if (!row) return reply.code(404).send({ error: 'not-found', message: `No lead ${request.params.id}` })
    return leadView(row, await leadsRepository.getTimeline(store.db, id), timeZone)
  })

  // The first acknowledgement stands: a later one answers 200 with who and when, and changes nothing.
  app.post<{ Params: { id: string }; Body: unknown }>('/api/leads/:id/acknowledge', async (request, reply) => {
    const body = z.object({ by: z.string().min(1).default('api') }).safeParse(request.body ?? {})
    if (!body.success) return reply.code(400).send({ error: 'invalid-request', message: 'send { "by": "<who>" }' })
    const id = request.params.id.replace(/^urn:li:leadGenFormResponse:/, '')
    const acknowledge = options.acknowledge ?? ((...args) => acknowledgeLead(store, ...args))
    const outcome = await acknowledge(id, body.data.by, clock.now().getTime(), 'api')
    if (outcome.kind === 'unknown-lead')
      return reply.code(404).send({ error: 'not-found', message: `No lead ${request.params.id}` })
    const row = await leadsRepository.getLead(store.db, id)
    return leadView(row!, await leadsRepository.getTimeline(store.db, id), timeZone)
  })

  app.post<{ Params: { id: string }; Body: unknown }>('/api/leads/:id/assign', async (request, reply) => {
    const body = z.object({ member: z.string().min(1), by: z.string().min(1).default('api') }).safeParse(request.body)
    if (!body.success)
      return reply.code(400).send({ error: 'invalid-request', message: 'send { "member": "<team member id>" }' })
    const id = request.params.id.replace(/^urn:li:leadGenFormResponse:/, '')
    const outcome = await reassignLead(store, team, id, body.data.member, body.data.by, clock.now().getTime())
    switch (outcome) {
      case 'unknown-member':
        return reply.code(400).send({ error: 'unknown-member', message: `No team member "${body.data.member}"` })
      case 'unknown-lead':
        return reply.code(404).send({ error: 'not-found', message: `No lead ${request.params.id}` })
      case 'deleted':
        return reply.code(409).send({ error: 'deleted', message: 'The lead was deleted' })
      case 'reassigned': {
        const row = await leadsRepository.getLead(store.db, id)
        return leadView(row!, await leadsRepository.getTimeline(store.db, id), timeZone)
      }
    }
  })
}
