import type { FastifyPluginAsync } from 'fastify'
import type { TokenManager } from '../../../linkedin/index.js'
import { createSignInLink } from '../../../pipeline/index.js'
import type { Store } from '../../../store/index.js'
import type { Clock } from '../../../util/index.js'
import { PUBLIC_URL_NEEDED } from '../linkedin-oauth.js'

export interface LinkedInAuthApiOptions {
  readonly store: Store
  readonly clock: Clock
  readonly tokens: TokenManager
  readonly publicUrl: string | undefined
}

export const linkedinAuthApiRoutes: FastifyPluginAsync<LinkedInAuthApiOptions> = async (app, options) => {
  app.get('/api/auth/linkedin', async () => options.tokens.status())

  app.post('/api/auth/linkedin/sign-in-link', async (_request, reply) => {
    if (!options.publicUrl) return reply.code(503).send({ error: 'not-configured', message: PUBLIC_URL_NEEDED })
    return createSignInLink(options.store, options.clock, options.publicUrl)
  })
}
