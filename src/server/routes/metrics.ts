import type { FastifyPluginAsync } from 'fastify'
import type { Metrics } from '../metrics.js'

export const metricsRoutes: FastifyPluginAsync<{ readonly metrics: Metrics }> = async (app, { metrics }) => {
  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()),
  )
}
