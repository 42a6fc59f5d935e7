import type { Clock, SecretBox } from '../util/index.js'
import { LinkedInApiError } from './errors.js'
import type { OAuthClient, TokenResponse } from './oauth-client.js'

/** A stored token, as the persistence layer hands it over (still sealed). */
export interface StoredToken {
  readonly accessToken: string
  readonly accessExpiresAt: number | null
  readonly refreshToken: string | null
  readonly refreshExpiresAt: number | null
  readonly scope: string | null
  readonly source: string
  readonly lastRefreshAt: number | null
  readonly lastRefreshError: string | null
}

export interface TokenPersistence {
  load(): Promise<StoredToken | undefined>
  save(token: StoredToken): Promise<void>
  recordRefreshError(message: string, at: number): Promise<void>
}

export interface TokenStatus {
  readonly connected: boolean
  readonly source: string | null
  readonly scope: string | null
  readonly accessExpiresAt: Date | null
  readonly refreshExpiresAt: Date | null
  readonly lastRefreshAt: Date | null
  readonly lastRefreshError: string | null
}

export interface TokenManagerDeps {
  readonly persistence: TokenPersistence
  readonly oauth: OAuthClient | undefined
  readonly box: SecretBox
  readonly clock: Clock
  /** Refresh this long before the access token expires. */
  readonly refreshMarginMs?: number
}

/**
 * Owns LinkedIn access: hands out a valid access token, refreshing ahead of expiry and after a 401.
 * Concurrent callers share one refresh, because LinkedIn may invalidate a refresh token used twice.
 */
export function createTokenManager(deps: TokenManagerDeps) {
  const margin = deps.refreshMarginMs ?? 10 * 60_000
  let refreshing: Promise<string> | undefined

  async function load(): Promise<StoredToken> {
    const token = await deps.persistence.load()
    if (!token) {
      throw new LinkedInApiError(
        'unauthorized',
        'LeadRelay is not connected to LinkedIn: sign in (leadrelay auth login) or set a token (leadrelay auth set)',
      )
    }
    return token
  }

  async function save(response: TokenResponse, previous: StoredToken | undefined, source: string): Promise<string> {
    const now = deps.clock.now().getTime()
    // Refreshing does not extend the refresh token (365 days from consent); keep the old one when
    // LinkedIn sends none back.
    const refreshToken =
      response.refresh_token ?? (previous?.refreshToken ? deps.box.open(previous.refreshToken) : null)
    const refreshExpiresAt =
      response.refresh_token_expires_in !== undefined
        ? now + response.refresh_token_expires_in * 1000
        : (previous?.refreshExpiresAt ?? null)
    await deps.persistence.save({
      accessToken: deps.box.seal(response.access_token),
      accessExpiresAt: now + response.expires_in * 1000,
      refreshToken: refreshToken ? deps.box.seal(refreshToken) : null,
      refreshExpiresAt,
      scope: response.scope ?? previous?.scope ?? null,
      source,
      lastRefreshAt: source === 'refresh' ? now : (previous?.lastRefreshAt ?? null),
      lastRefreshError: null,
    })
    return response.access_token
  }

  async function doRefresh(): Promise<string> {
    const token = await load()
    const now = deps.clock.now().getTime()
    const fail = async (message: string, cause?: unknown): Promise<never> => {
      await deps.persistence.recordRefreshError(message, now)
      throw new LinkedInApiError('unauthorized', message, { cause })
    }
    if (!deps.oauth)
      return fail('cannot refresh the LinkedIn token: LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET are not set')
    if (!token.refreshToken)
      return fail('the LinkedIn access token expired and there is no refresh token: sign in again')
    if (token.refreshExpiresAt !== null && token.refreshExpiresAt <= now) {
      return fail('the LinkedIn refresh token expired (365 days after consent): sign in again')
    }
    try {
      const response = await deps.oauth.refresh(deps.box.open(token.refreshToken))
      return await save(response, token, 'refresh')
    } catch (error) {
      const message = `refreshing the LinkedIn token failed: ${(error as Error).message}`
      if (error instanceof LinkedInApiError && error.transient) {
        await deps.persistence.recordRefreshError(message, now)
        throw error
      }
      return fail(message, error)
    }
  }

  function refreshAccessToken(): Promise<string> {
    refreshing ??= doRefresh().finally(() => {
      refreshing = undefined
    })
    return refreshing
  }

  return {
    async accessToken(): Promise<string> {
      const token = await load()
      const now = deps.clock.now().getTime()
      const expiring = token.accessExpiresAt !== null && token.accessExpiresAt - now <= margin
      if (expiring && token.refreshToken && deps.oauth) return refreshAccessToken()
      return deps.box.open(token.accessToken)
    },
    refreshAccessToken,
    /** Stores tokens from the sign-in flow, the CLI or the environment. */
    async store(response: TokenResponse, source: 'oauth' | 'cli' | 'env'): Promise<void> {
      await save(response, undefined, source)
    },
    async storeUnknownExpiry(accessToken: string, refreshToken: string | undefined, source: 'cli' | 'env') {
      await deps.persistence.save({
        accessToken: deps.box.seal(accessToken),
        accessExpiresAt: null,
        refreshToken: refreshToken ? deps.box.seal(refreshToken) : null,
        refreshExpiresAt: null,
        scope: null,
        source,
        lastRefreshAt: null,
        lastRefreshError: null,
      })
    },
    async hasToken(): Promise<boolean> {
      return (await deps.persistence.load()) !== undefined
    },
    async status(): Promise<TokenStatus> {
      const token = await deps.persistence.load()
      const date = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms))
      return {
        connected: token !== undefined,
        source: token?.source ?? null,
        scope: token?.scope ?? null,
        accessExpiresAt: date(token?.accessExpiresAt),
        refreshExpiresAt: date(token?.refreshExpiresAt),
        lastRefreshAt: date(token?.lastRefreshAt),
        lastRefreshError: token?.lastRefreshError ?? null,
      }
    },
  }
}

export type TokenManager = ReturnType<typeof createTokenManager>
