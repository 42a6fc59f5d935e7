import type { FastifyPluginAsync } from 'fastify'
import { type Outcomes, parseOutcomeInput, type RecordOutcomeResult } from '../../../outcomes/index.js'
import { leadsRepository, type Store } from '../../../store/index.js'
import { leadView } from '../../../views/index.js'

const STATUS = { recorded: 200, unchanged: 200, 'unknown-lead': 404 } as const satisfies Record<
  RecordOutcomeResult['kind'],
  number
>

export interface OutcomesApiOptions {
  readonly store: Store
  readonly outcomes: Outcomes
  readonly timeZone: string
}

/** `POST /api/leads/:id/outcome`: `{"outcome": "qualified"}` or `{"outcome": "won", "amount": 12000, "currency": "USD"}`. */
export const outcomesApiRoutes: FastifyPluginAsync<OutcomesApiOptions> = async (app, { store, outcomes, timeZone }) => {
  app.post<{ Params: { id: string }; Body: unknown }>('/api/leads/:id/outcome', async (request, reply) => {
    const body = request.body
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return reply.code(400).send({ error: 'invalid-request', message: 'send { "outcome": "<stage>" }' })
    const parsed = parseOutcomeInput(body as Record<string, unknown>, outcomes.reasons)
    if (!parsed.ok)
      return reply
        .code(400)
        .send({ error: 'invalid-request', message: `${parsed.problem.field}: ${parsed.problem.message}` })
    const rawBy = (body as { by?: unknown }).by
    const by = typeof rawBy === 'string' && /^[\w.@:-]{1,100}$/.test(rawBy) ? rawBy : 'api'
    const id = request.params.id.replace(/^urn:li:leadGenFormResponse:/, '')
    const result = await outcomes.record(id, parsed.value, { by, via: 'api' })
    if (result.kind === 'unknown-lead')
      return reply.code(STATUS[result.kind]).send({ error: 'not-found', message: `No lead ${request.params.id}` })
    const row = await leadsRepository.getLead(store.db, id)
    return reply
      .code(STATUS[result.kind])
      .send({ result: result.kind, lead: leadView(row!, await leadsRepository.getTimeline(store.db, id), timeZone) })
  })
}
