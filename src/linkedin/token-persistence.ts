import { type Store, tokensRepository } from '../store/index.js'
import type { StoredToken, TokenPersistence } from './token-manager.js'

/** Keeps the LinkedIn connection's tokens in the store (sealed values stay sealed here). */
export function createTokenPersistence(store: Store): TokenPersistence {
  return {
    async load() {
      const row = await tokensRepository.getToken(store.db)
      if (!row) return undefined
      return {
        accessToken: row.access_token,
        accessExpiresAt: row.access_expires_at,
        refreshToken: row.refresh_token,
        refreshExpiresAt: row.refresh_expires_at,
        scope: row.scope,
        source: row.source,
        lastRefreshAt: row.last_refresh_at,
        lastRefreshError: row.last_refresh_error,
      } satisfies StoredToken
    },
    async save(token) {
      await tokensRepository.saveToken(store.db, {
        id: tokensRepository.DEFAULT_CONNECTION,
        access_token: token.accessToken,
        access_expires_at: token.accessExpiresAt,
        refresh_token: token.refreshToken,
        refresh_expires_at: token.refreshExpiresAt,
        scope: token.scope,
        source: token.source,
        last_refresh_at: token.lastRefreshAt,
        last_refresh_error: token.lastRefreshError,
        updated_at: Date.now(),
      })
    },
    async recordRefreshError(message, at) {
      await tokensRepository.recordRefreshError(store.db, message, at)
    },
  }
}
