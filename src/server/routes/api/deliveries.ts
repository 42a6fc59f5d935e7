import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { replayDelivery } from '../../../pipeline/index.js'
import { DELIVERY_STATES, deliveriesRepository, type Store } from '../../../store/index.js'
import type { Clock } from '../../../util/index.js'
import { deliveryView } from '../../../views/index.js'
import { invalidRequest } from '../../error-handler.js'

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().positive().optional(),
  state: z.enum(DELIVERY_STATES).optional(),
  channel: z.string().optional(),
  lead: z.string().optional(),
})

export const deliveriesApiRoutes: FastifyPluginAsync<{ readonly store: Store; readonly clock: Clock }> = async (
  app,
  { store, clock },
) => {
  app.get('/api/deliveries', async (request, reply) => {
    const query = ListQuery.safeParse(request.query)
    if (!query.success) {
      return invalidRequest(reply, query.error.issues)
    }
    const { lead, ...rest } = query.data
    const rows = await deliveriesRepository.listDeliveries(store.db, { ...rest, ...(lead ? { leadId: lead } : {}) })
    return {
      deliveries: rows.map(deliveryView),
      nextCursor: rows.length === query.data.limit ? (rows.at(-1)?.id ?? null) : null,
    }
  })

  app.post<{ Params: { id: string } }>('/api/deliveries/:id/replay', async (request, reply) => {
    const id = Number(request.params.id)
    const outcome = Number.isSafeInteger(id) ? await replayDelivery(store, id, clock.now()) : 'not-found'
    if (outcome === 'not-found')
      return reply.code(404).send({ error: 'not-found', message: `No delivery ${request.params.id}` })
    if (outcome === 'not-failed') {
      return reply
        .code(409)
        .send({ error: 'not-failed', message: 'Only dead-lettered or disabled deliveries can be replayed' })
    }
    if (outcome === 'channel-disabled') {
      return reply.code(409).send({
        error: 'channel-disabled',
        message:
          'The channel is disabled: enable it (POST /api/channels/:name/enable), which sends its waiting deliveries',
      })
    }
    return { status: 'replayed' }
  })
}
