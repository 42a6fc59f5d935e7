import type { FastifyPluginAsync } from 'fastify'
import type { TokenManager } from '../../../linkedin/index.js'
import { createSignInLink } from '../../../pipeline/index.js'
import type { Store } from '../../../store/index.js'
import type { Clock } from '../../../util/index.js'

export interface LinkedInAuthApiOptions {
  readonly store: Store
  readonly clock: Clock
  readonly tokens: TokenManager
  readonly publicUrl: string | undefined
}

export const linkedinAuthApiRoutes: FastifyPluginAsync<LinkedInAuthApiOptions> = async (app, options) => {
  app.get('/api/auth/linkedin', async () => options.tokens.status())

  app.post('/api/auth/linkedin/sign-in-link', async (request) =>
    createSignInLink(options.store, options.clock, options.publicUrl ?? `${request.protocol}://${request.host}`),
  )
}
