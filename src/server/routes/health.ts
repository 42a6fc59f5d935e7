import type { FastifyPluginAsync } from 'fastify'
import type { Store } from '../../store/index.js'

export const healthRoutes: FastifyPluginAsync<{ readonly store: Store; readonly timeoutMs: number }> = async (
  app,
  options,
) => {
  app.get('/healthz', async () => ({ status: 'ok' }))

  app.get('/readyz', async (_request, reply) => {
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        options.store.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), options.timeoutMs)
        }),
      ])
      return { status: 'ready' }
    } catch {
      return reply.code(503).send({ status: 'unavailable', message: 'The database is not reachable' })
    } finally {
      clearTimeout(timer)
    }
  })
}
