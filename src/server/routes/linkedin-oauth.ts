import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { OAuthClient, TokenManager } from '../../linkedin/index.js'
import { SIGN_IN_CALLBACK_PATH, SIGN_IN_PATH, wakeLeadJobs } from '../../pipeline/index.js'
import { type Store, tokensRepository } from '../../store/index.js'
import type { Clock } from '../../util/index.js'

const STATE_COOKIE = 'lr_oauth_state'

export interface LinkedInOAuthOptions {
  readonly store: Store
  readonly clock: Clock
  readonly tokens: TokenManager
  readonly oauth: OAuthClient | undefined
  readonly publicUrl: string | undefined
  /** The scopes to ask for; LinkedIn's Lead Sync scopes when absent (plus rw_conversions when conversions are on). */
  readonly scopes?: readonly string[] | undefined
}

/**
 * The address LinkedIn sends the member back to; it must match the app's registered redirect URL. Only
 * PUBLIC_URL says it: the Host header is whatever the client (or a proxy) chose to send.
 */
export function callbackUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${SIGN_IN_CALLBACK_PATH}`
}

export const PUBLIC_URL_NEEDED = 'Set PUBLIC_URL to the https address LinkedIn and your browser reach LeadRelay at.'

export const linkedinOAuthRoutes: FastifyPluginAsync<LinkedInOAuthOptions> = async (app, options) => {
  const { store, clock, tokens, oauth } = options

  const { publicUrl } = options
  // Behind a TLS-terminating proxy the request arrives as http: PUBLIC_URL says what the browser sees.
  const secure = publicUrl?.startsWith('https:') ? '; Secure' : ''

  app.get<{ Querystring: { state?: string } }>(SIGN_IN_PATH, async (request, reply) => {
    if (!oauth) return page(reply, 503, 'Not configured', 'Set LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET first.')
    if (!publicUrl) return page(reply, 503, 'Not configured', PUBLIC_URL_NEEDED)
    const state = request.query.state
    if (!state || !(await tokensRepository.isOAuthStatePending(store.db, state, clock.now().getTime()))) {
      return page(
        reply,
        401,
        'Sign-in link needed',
        'Open the link printed by <code>leadrelay auth login</code> (or returned by POST /api/auth/linkedin/sign-in-link). Links work once and expire after 15 minutes.',
      )
    }
    // The cookie binds the callback to the browser that started the sign-in (login CSRF).
    reply.header(
      'set-cookie',
      `${STATE_COOKIE}=${state}; Path=${SIGN_IN_PATH}; Max-Age=900; HttpOnly; SameSite=Lax${secure}`,
    )
    return reply.redirect(
      oauth.authorizationUrl({
        redirectUri: callbackUrl(publicUrl),
        state,
        ...(options.scopes ? { scopes: options.scopes } : {}),
      }),
      302,
    )
  })

  app.get<{ Querystring: { code?: string; state?: string; error?: string; error_description?: string } }>(
    SIGN_IN_CALLBACK_PATH,
    async (request, reply) => {
      if (!oauth) return page(reply, 503, 'Not configured', 'Set LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET first.')
      if (!publicUrl) return page(reply, 503, 'Not configured', PUBLIC_URL_NEEDED)
      const { code, state, error, error_description: description } = request.query
      if (error)
        return page(
          reply,
          400,
          'LinkedIn sign-in did not complete',
          `${escapeHtml(error)}: ${escapeHtml(description ?? '')}`,
        )
      const cookieState = cookie(request.headers.cookie, STATE_COOKIE)
      const valid =
        code &&
        state &&
        cookieState === state &&
        (await tokensRepository.consumeOAuthState(store.db, state, clock.now().getTime()))
      if (!valid) {
        return page(
          reply,
          400,
          'Sign-in expired',
          'This sign-in was already used, expired, or started in another browser. Start again.',
        )
      }
      try {
        const response = await oauth.exchangeCode(code, callbackUrl(publicUrl))
        await tokens.store(response, 'oauth')
        await wakeLeadJobs(store, clock.now())
      } catch (failure) {
        request.log.warn({ reason: (failure as Error).message }, 'LinkedIn code exchange failed')
        return page(reply, 502, 'LinkedIn refused the sign-in', escapeHtml((failure as Error).message))
      }
      const status = await tokens.status()
      reply.header('set-cookie', `${STATE_COOKIE}=; Path=${SIGN_IN_PATH}; Max-Age=0; HttpOnly; SameSite=Lax${secure}`)
      return page(
        reply,
        200,
        'LeadRelay is connected to LinkedIn',
        `Access valid until ${status.accessExpiresAt?.toISOString() ?? 'unknown'}; refresh until ${status.refreshExpiresAt?.toISOString() ?? 'unknown'}. You can close this page.`,
      )
    },
  )
}

function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`,
    )
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return undefined
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
