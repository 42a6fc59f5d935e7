import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'

/** Bearer-token guard for every route registered in the same (encapsulated) scope. */
export function requireApiToken(app: FastifyInstance, token: string | undefined) {
  const expected = token ? digest(token) : undefined
  app.addHook('onRequest', async (request, reply) => {
    if (!expected) {
      return reply
        .code(401)
        .send({ error: 'api-disabled', message: 'The API is off until LEADRELAY_API_TOKEN is configured' })
    }
    const header = request.headers.authorization
    const given = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined
    // Comparing digests keeps the comparison constant-time whatever the lengths.
    if (!given || !timingSafeEqual(digest(given), expected)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'Send Authorization: Bearer <LEADRELAY_API_TOKEN>' })
    }
  })
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}
