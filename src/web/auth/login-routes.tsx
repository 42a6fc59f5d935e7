import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { webUsersRepository } from '../../store/index.js'
import { Layout } from '../components/layout.js'
import type { AssetUrls, WebDeps } from '../context.js'
import { createLoginLimiter } from './login-limiter.js'
import { DUMMY_HASH, verifyPassword } from './passwords.js'
import { cookieOptions, sameToken, startSession } from './sessions.js'

const LOGIN_COOKIE = 'leadrelay_login'

/** Only paths on this site: `next=https://evil.example` must not turn sign-in into a redirector. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/leads'
}

function LoginPage(props: { assets: AssetUrls; token: string; next: string; email?: string; error?: string }) {
  return (
    <Layout web={{ assets: props.assets, path: '/login' }} title="Sign in">
      <form class="card login" method="post" action="/login">
        {props.error ? (
          <p class="error" role="alert" safe>
            {props.error}
          </p>
        ) : (
          ''
        )}
        <input type="hidden" name="_csrf" value={props.token} />
        <input type="hidden" name="next" value={props.next} />
        <label for="email">E-mail</label>
        <input id="email" name="email" type="email" autocomplete="username" required value={props.email} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
    </Layout>
  )
}

/**
 * Sign-in and nothing else needs no session. The form carries a token that must match a SameSite=Strict
 * cookie set with it (double submit), so another site cannot sign a browser into an account of its choosing.
 */
export const loginRoutes: FastifyPluginAsync<WebDeps & { assets: AssetUrls }> = async (app, deps) => {
  const limiter = createLoginLimiter(deps.store)
  const loginCookie = { ...cookieOptions(deps.settings), sameSite: 'strict', path: '/login', maxAge: 3600 } as const

  const show = (
    reply: import('fastify').FastifyReply,
    status: number,
    next: string,
    email?: string,
    error?: string,
  ) => {
    const token = randomBytes(24).toString('base64url')
    reply.setCookie(LOGIN_COOKIE, token, loginCookie)
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        LoginPage({
          assets: deps.assets,
          token,
          next,
          ...(email !== undefined ? { email } : {}),
          ...(error ? { error } : {}),
        }),
      )
  }

  app.get<{ Querystring: { next?: string } }>('/login', async (request, reply) =>
    show(reply, 200, safeNext(request.query.next)),
  )

  app.post<{ Body: Record<string, unknown> }>(
    '/login',
    { config: { rateLimit: { max: 30, timeWindow: 60_000 } } },
    async (request, reply) => {
      const body = request.body ?? {}
      const next = safeNext(body.next)
      const email = typeof body.email === 'string' ? body.email.trim().slice(0, 320) : ''
      const password = typeof body.password === 'string' ? body.password : ''
      const cookieToken = request.cookies[LOGIN_COOKIE]
      if (!cookieToken || !sameToken(typeof body._csrf === 'string' ? body._csrf : undefined, cookieToken)) {
        return show(reply, 403, next, email, 'The form expired. Please sign in again.')
      }
      const now = deps.clock.now().getTime()
      const blocked = await limiter.blockedFor(request.ip, email, now)
      if (blocked !== undefined) {
        reply.header('retry-after', String(blocked))
        return show(reply, 429, next, email, `Too many failed sign-ins. Try again in ${blocked} seconds.`)
      }
      const user = email ? await webUsersRepository.findUserByEmail(deps.store.db, email) : undefined
      // Unknown accounts cost a hash too, so timing does not reveal which e-mails exist.
      const valid = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH)
      if (!user || !valid) {
        await limiter.recordFailure(request.ip, email, now)
        deps.logger.info('dashboard sign-in failed')
        return show(reply, 401, next, email, 'Wrong e-mail or password.')
      }
      await startSession(deps.store, deps.settings, reply, user.id, now)
      reply.clearCookie(LOGIN_COOKIE, loginCookie)
      return reply.redirect(next, 303)
    },
  )
}
