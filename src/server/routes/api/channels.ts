import type { FastifyPluginAsync } from 'fastify'
import type { OpsAlerts } from '../../../pipeline/index.js'
import { enableChannel, listChannelStates } from '../../../pipeline/index.js'
import type { Store } from '../../../store/index.js'
import type { Clock } from '../../../util/index.js'

export interface ChannelsApiOptions {
  readonly store: Store
  readonly clock: Clock
  readonly ops: Pick<OpsAlerts, 'resolve'>
  readonly channels: readonly { readonly name: string; readonly type: string }[]
}

/** Channels and their state; enabling one sends what it held back while it was off. */
export const channelsApiRoutes: FastifyPluginAsync<ChannelsApiOptions> = async (app, options) => {
  const names = options.channels.map((c) => c.name)

  app.get('/api/channels', async () => ({ channels: await listChannelStates(options.store, options.channels) }))

  app.post<{ Params: { name: string } }>('/api/channels/:name/enable', async (request, reply) => {
    const outcome = await enableChannel(options.store, options.ops, names, request.params.name, options.clock.now())
    if (outcome.kind === 'unknown-channel')
      return reply.code(404).send({ error: 'not-found', message: `No channel ${request.params.name}` })
    return { status: 'enabled', requeued: outcome.requeued }
  })
}
