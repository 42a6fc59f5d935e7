import { describe, expect, it } from 'vitest'
import { createManualClock, createSecretBox } from '../util/index.js'
import { LinkedInApiError } from './errors.js'
import type { OAuthClient, TokenResponse } from './oauth-client.js'
import { createTokenManager, type StoredToken, type TokenPersistence } from './token-manager.js'

const DAY = 86_400_000

function memoryPersistence(): TokenPersistence & { current: StoredToken | undefined; errors: string[] } {
  const state = {
    current: undefined as StoredToken | undefined,
    errors: [] as string[],
    async load() {
      return state.current
    },
    async save(token: StoredToken) {
      state.current = token
    },
    async recordRefreshError(message: string) {
      state.errors.push(message)
      if (state.current) state.current = { ...state.current, lastRefreshError: message }
    },
  }
  return state
}

function fakeOAuth(answer: () => Promise<TokenResponse>) {
  let refreshes = 0
  const client = {
    refresh: async () => {
      refreshes++
      return answer()
    },
  } as unknown as OAuthClient
  return { client, refreshes: () => refreshes }
}

const grant = (n: number): TokenResponse => ({
  access_token: `access-${n}`,
  expires_in: 60 * 86_400,
  refresh_token: 'refresh-1',
  refresh_token_expires_in: 365 * 86_400,
  scope: 'r_marketing_leadgen_automation',
})

describe('token manager', () => {
  it('stores tokens encrypted and hands the access token back', async () => {
    const persistence = memoryPersistence()
    const box = createSecretBox('operator key for tests')
    const tokens = createTokenManager({ persistence, oauth: undefined, box, clock: createManualClock() })
    await tokens.store(grant(1), 'oauth')
    expect(persistence.current?.accessToken).not.toContain('access-1')
    expect(persistence.current?.refreshToken).not.toContain('refresh-1')
    expect(await tokens.accessToken()).toBe('access-1')
  })

  it('refreshes ahead of expiry, keeping the refresh token and its original expiry', async () => {
    const clock = createManualClock()
    const persistence = memoryPersistence()
    let n = 1
    const oauth = fakeOAuth(async () => ({ access_token: `access-${++n}`, expires_in: 60 * 86_400 }))
    const tokens = createTokenManager({ persistence, oauth: oauth.client, box: createSecretBox(undefined), clock })
    await tokens.store(grant(1), 'oauth')
    const refreshExpiry = persistence.current?.refreshExpiresAt
    clock.advance(59 * DAY)
    expect(await tokens.accessToken()).toBe('access-1')
    clock.advance(DAY - 5 * 60_000)
    expect(await tokens.accessToken()).toBe('access-2')
    expect(persistence.current).toMatchObject({ refreshExpiresAt: refreshExpiry, source: 'refresh' })
    expect(oauth.refreshes()).toBe(1)
  })

  it('shares one refresh between concurrent callers', async () => {
    const persistence = memoryPersistence()
    const oauth = fakeOAuth(async () => grant(2))
    const tokens = createTokenManager({
      persistence,
      oauth: oauth.client,
      box: createSecretBox(undefined),
      clock: createManualClock(),
    })
    await tokens.store(grant(1), 'oauth')
    const all = await Promise.all([
      tokens.refreshAccessToken(),
      tokens.refreshAccessToken(),
      tokens.refreshAccessToken(),
    ])
    expect(all).toEqual(['access-2', 'access-2', 'access-2'])
    expect(oauth.refreshes()).toBe(1)
  })

  it('records a failed refresh where status shows it, and says to sign in again', async () => {
    const persistence = memoryPersistence()
    const oauth = fakeOAuth(async () => {
      throw new LinkedInApiError('unauthorized', 'LinkedIn OAuth /oauth/v2/accessToken: 400: refresh token revoked')
    })
    const tokens = createTokenManager({
      persistence,
      oauth: oauth.client,
      box: createSecretBox(undefined),
      clock: createManualClock(),
    })
    await tokens.store(grant(1), 'oauth')
    await expect(tokens.refreshAccessToken()).rejects.toMatchObject({ kind: 'unauthorized' })
    expect((await tokens.status()).lastRefreshError).toContain('refresh token revoked')
  })

  it('refuses to refresh without a refresh token, and after the refresh token expired', async () => {
    const clock = createManualClock()
    const persistence = memoryPersistence()
    const oauth = fakeOAuth(async () => grant(2))
    const tokens = createTokenManager({ persistence, oauth: oauth.client, box: createSecretBox(undefined), clock })
    await tokens.storeUnknownExpiry('static', undefined, 'cli')
    await expect(tokens.refreshAccessToken()).rejects.toThrow(/no refresh token/)
    await tokens.store(grant(1), 'oauth')
    clock.advance(366 * DAY)
    await expect(tokens.refreshAccessToken()).rejects.toThrow(/refresh token expired/)
    expect(oauth.refreshes()).toBe(0)
  })

  it('says how to connect when no token is stored', async () => {
    const tokens = createTokenManager({
      persistence: memoryPersistence(),
      oauth: undefined,
      box: createSecretBox(undefined),
      clock: createManualClock(),
    })
    await expect(tokens.accessToken()).rejects.toThrow(/leadrelay auth login/)
    expect((await tokens.status()).connected).toBe(false)
  })
})
