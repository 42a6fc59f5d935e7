import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type {} from '@fastify/cookie'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type Store, webUsersRepository } from '../../store/index.js'
import type { WebSettings, WebUser } from '../context.js'

export const SESSION_COOKIE = 'leadrelay_session'
// Touching every request would turn each page view into a write; a minute's precision is plenty for idling.
const TOUCH_EVERY_MS = 60_000

const sessionId = (token: string) => createHash('sha256').update(token).digest('hex')

export function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

export function cookieOptions(settings: WebSettings) {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: settings.secureCookies } as const
}

/** Opens a session for the user and sets its cookie. */
export async function startSession(
  store: Store,
  settings: WebSettings,
  reply: FastifyReply,
  userId: number,
  now: number,
): Promise<void> {
  const token = randomBytes(32).toString('base64url')
  await webUsersRepository.createSession(store.db, {
    id: sessionId(token),
    userId,
    csrfToken: randomBytes(32).toString('base64url'),
    at: now,
    expiresAt: now + settings.sessionMaxMs,
  })
  reply.setCookie(SESSION_COOKIE, token, {
    ...cookieOptions(settings),
    maxAge: Math.floor(settings.sessionMaxMs / 1000),
  })
}

export interface OpenSession {
  readonly id: string
  readonly csrfToken: string
  readonly user: WebUser
}

/** The live session this request's cookie names, or undefined (absent, unknown, idle too long, expired). */
export async function currentSession(
  store: Store,
  settings: WebSettings,
  request: FastifyRequest,
  now: number,
): Promise<OpenSession | undefined> {
  const token = request.cookies[SESSION_COOKIE]
  if (!token) return undefined
  const id = sessionId(token)
  const found = await webUsersRepository.getSession(store.db, id)
  if (!found) return undefined
  const { session, user } = found
  if (session.expires_at <= now || session.last_seen_at + settings.sessionIdleMs <= now) {
    await webUsersRepository.deleteSession(store.db, id)
    return undefined
  }
  if (now - session.last_seen_at >= TOUCH_EVERY_MS) await webUsersRepository.touchSession(store.db, id, now)
  return {
    id,
    csrfToken: session.csrf_token,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, memberId: user.member_id },
  }
}

export async function endSession(store: Store, settings: WebSettings, reply: FastifyReply, id: string) {
  await webUsersRepository.deleteSession(store.db, id)
  reply.clearCookie(SESSION_COOKIE, cookieOptions(settings))
}
