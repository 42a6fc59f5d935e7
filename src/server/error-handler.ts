import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'

/** Known client errors keep their status and a stable code; anything else is a 500 that leaks nothing. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed')
      return reply.code(500).send({ error: 'internal-error', message: 'Internal error' })
    }
    const code =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'payload-too-large'
        : error.code === 'FST_ERR_VALIDATION'
          ? 'invalid-request'
          : (error.code ?? 'bad-request').toLowerCase()
    return reply.code(status).send({ error: code, message: error.message })
  })
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: 'not-found', message: `No route for ${request.method} ${request.url.split('?')[0]}` }),
  )
}

/** 400 naming each invalid parameter: `limit: Too small: expected number to be >=1`. */
export function invalidRequest(reply: FastifyReply, issues: readonly { path: PropertyKey[]; message: string }[]) {
  return reply.code(400).send({
    error: 'invalid-request',
    message: issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '),
  })
}
