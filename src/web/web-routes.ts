import fastifyCookie from '@fastify/cookie'
import fastifyFormbody from '@fastify/formbody'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import type { FastifyPluginAsync } from 'fastify'
import { registerAssets } from './assets.js'
import { allowedNav, hasCsrfToken, redirectToLogin } from './auth/guard.js'
import { loginRoutes } from './auth/login-routes.js'
import { currentSession, endSession } from './auth/sessions.js'
import type { WebDeps } from './context.js'
import { liveRoutes } from './live-routes.js'
import { PAGES } from './pages/index.js'

/**
 * The dashboard as one encapsulated plugin: its cookies, form parsing, security headers, rate limits
 * and sessions apply to its own routes only, so the webhook and the bearer-token API are untouched.
 */
export const webRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  await app.register(fastifyCookie)
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 })
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(deps.settings.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: deps.settings.secureCookies ? { maxAge: 31_536_000 } : false,
    referrerPolicy: { policy: 'same-origin' },
  })
  // A ceiling against floods; failed sign-ins have their own, stricter, database-backed limit.
  await app.register(fastifyRateLimit, { max: 1200, timeWindow: 60_000 })
  const assets = await registerAssets(app)

  await app.register(loginRoutes, { ...deps, assets })
  app.get('/', async (_request, reply) => reply.redirect('/leads', 303))

  await app.register(async (signedIn) => {
    signedIn.decorateRequest('web', null as never)
    signedIn.addHook('preHandler', async (request, reply) => {
      const session = await currentSession(deps.store, deps.settings, request, deps.clock.now().getTime())
      if (!session) return redirectToLogin(request, reply)
      if (!hasCsrfToken(request, session.csrfToken)) {
        return reply.code(403).type('text/plain; charset=utf-8').send('Missing or wrong CSRF token: reload the page.')
      }
      request.web = {
        user: session.user,
        csrfToken: session.csrfToken,
        sessionId: session.id,
        nav: allowedNav(PAGES, session.user.role),
        path: request.url.split('?')[0] ?? '/',
        assets,
      }
    })
    // Pages show personal data: never store them in shared caches or the browser's back-forward cache.
    signedIn.addHook('onSend', async (_request, reply) => {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    })

    signedIn.post('/logout', async (request, reply) => {
      await endSession(deps.store, deps.settings, reply, request.web.sessionId)
      return reply.redirect('/login', 303)
    })
    await signedIn.register(liveRoutes, deps)
    for (const page of PAGES) await signedIn.register(page.routes, deps)
  })
}
