import { randomBytes } from 'node:crypto'
import { type Store, tokensRepository } from '../store/index.js'
import type { Clock } from '../util/index.js'

export const SIGN_IN_PATH = '/auth/linkedin'
export const SIGN_IN_CALLBACK_PATH = '/auth/linkedin/callback'
const SIGN_IN_TTL_MS = 15 * 60_000

/**
 * A one-time link that starts LinkedIn sign-in. Only someone holding the API token or shell access can
 * make one, so a stranger who finds the public webhook host cannot connect their own LinkedIn account.
 */
export async function createSignInLink(
  store: Store,
  clock: Clock,
  baseUrl: string,
): Promise<{ url: string; expiresAt: Date }> {
  const state = randomBytes(24).toString('base64url')
  const now = clock.now().getTime()
  await tokensRepository.createOAuthState(store.db, state, now, SIGN_IN_TTL_MS)
  return {
    url: `${baseUrl.replace(/\/+$/, '')}${SIGN_IN_PATH}?state=${state}`,
    expiresAt: new Date(now + SIGN_IN_TTL_MS),
  }
}
