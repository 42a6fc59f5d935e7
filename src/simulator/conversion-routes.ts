import type { FastifyPluginAsync } from 'fastify'
import type { Clock } from '../util/index.js'
import { ConversionEvent, type Conversions, RuleBody } from './conversions.js'
import { errors, sendError } from './errors.js'

const issueText = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  `${issues[0]?.path.map(String).join('.') || 'body'}: ${issues[0]?.message ?? 'invalid'}`

/**
 * `/rest/conversions` (rules) and `/rest/conversionEvents` (streaming), after LinkedIn's Conversions API: a
 * single event answers 201 with no body; `X-RestLi-Method: BATCH_CREATE` with `{ elements }` answers 200 and one
 * `{ status }` per element, in order.
 */
export const conversionRoutes: FastifyPluginAsync<{ conversions: Conversions; clock: Clock }> = async (
  app,
  { conversions, clock },
) => {
  app.post('/rest/conversions', async (request, reply) => {
    const body = RuleBody.safeParse(request.body)
    if (!body.success) return sendError(reply, errors.badRequest(issueText(body.error.issues)))
    const rule = conversions.createRule(body.data, clock.now().getTime())
    return reply
      .code(201)
      .header('x-restli-id', String(rule.id))
      .header('x-linkedin-id', String(rule.id))
      .send({ ...rule, campaigns: [], associatedCampaigns: [], urlRules: [], lastModified: rule.created })
  })

  app.get<{ Params: { id: string } }>('/rest/conversions/:id', async (request, reply) => {
    const rule = conversions.rules.get(Number(request.params.id))
    if (!rule) return sendError(reply, errors.notFound(`Conversion ${request.params.id} does not exist`))
    return { ...rule, campaigns: [], associatedCampaigns: [], urlRules: [], lastModified: rule.created }
  })

  app.post('/rest/conversionEvents', async (request, reply) => {
    const now = clock.now().getTime()
    const method = String(request.headers['x-restli-method'] ?? '').toUpperCase()
    if (method === 'BATCH_CREATE') {
      const elements = (request.body as { elements?: unknown })?.elements
      if (!Array.isArray(elements) || elements.length === 0)
        return sendError(reply, errors.badRequest('elements: BATCH_CREATE needs a non-empty elements array'))
      if (elements.length > 5000) return sendError(reply, errors.badRequest('elements: at most 5000 per batch'))
      const results = elements.map((element) => {
        const event = ConversionEvent.safeParse(element)
        if (!event.success) return { status: 400, error: { status: 400, message: issueText(event.error.issues) } }
        const problem = conversions.problem(event.data, now)
        if (problem) return { status: 400, error: { status: 400, message: problem } }
        conversions.record(event.data)
        return { status: 201 }
      })
      return reply.code(200).send({ elements: results })
    }
    const event = ConversionEvent.safeParse(request.body)
    if (!event.success) return sendError(reply, errors.badRequest(issueText(event.error.issues)))
    const problem = conversions.problem(event.data, now)
    if (problem) return sendError(reply, errors.badRequest(problem))
    conversions.record(event.data)
    return reply.code(201).send()
  })
}
