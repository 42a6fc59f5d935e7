import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import type { WebRole } from '../../store/index.js'
import type { NavEntry } from '../context.js'
import { sameToken } from './sessions.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Where an unauthenticated request goes: pages redirect to the sign-in form, htmx is told to. */
export function redirectToLogin(request: FastifyRequest, reply: FastifyReply) {
  const next = request.method === 'GET' ? request.url : '/'
  const target = `/login?next=${encodeURIComponent(next)}`
  if (request.headers['hx-request']) return reply.code(401).header('hx-redirect', target).send()
  if (request.method !== 'GET') return reply.code(401).type('text/plain').send('Sign in first.')
  return reply.redirect(target, 303)
}

/** The synchronizer token: the session's own token, in the form (`_csrf`) or the `x-csrf-token` header. */
export function hasCsrfToken(request: FastifyRequest, expected: string): boolean {
  if (SAFE_METHODS.has(request.method)) return true
  const body = request.body as Record<string, unknown> | undefined
  const given =
    (typeof body?._csrf === 'string' ? body._csrf : undefined) ??
    (typeof request.headers['x-csrf-token'] === 'string' ? request.headers['x-csrf-token'] : undefined)
  return sameToken(given, expected)
}

/** A preHandler that answers 403 unless the signed-in user has one of these roles. */
export function allow(...roles: readonly WebRole[]): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    if (!roles.includes(request.web.user.role)) {
      return reply
        .code(403)
        .type('text/plain; charset=utf-8')
        .send(`This needs the ${roles.join(' or ')} role.`)
    }
  }
}

/** The navigation entries this role may see, in registry order. */
export function allowedNav(pages: readonly { readonly nav?: NavEntry }[], role: WebRole): NavEntry[] {
  return pages.flatMap((p) => (p.nav && (!p.nav.roles || p.nav.roles.includes(role)) ? [p.nav] : []))
}
