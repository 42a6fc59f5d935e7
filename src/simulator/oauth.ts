import { randomBytes } from 'node:crypto'
import type { Clock } from '../util/index.js'

const DAY = 86_400_000
/** LinkedIn OAuth, learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow, /programmatic-refresh-tokens and /token-introspection: access tokens live 60 days, refresh tokens 365 days from consent, codes 30 minutes. */
export const ACCESS_TOKEN_TTL_MS = 60 * DAY
export const REFRESH_TOKEN_TTL_MS = 365 * DAY
export const AUTHORIZATION_CODE_TTL_MS = 30 * 60_000
export const LEAD_SYNC_SCOPES = 'r_marketing_leadgen_automation,r_ads,r_organization_admin'
/** A fixed test token stands for an app granted everything LeadRelay uses, the Conversions API included. */
export const STATIC_TOKEN_SCOPES = `${LEAD_SYNC_SCOPES},rw_conversions`

export type TokenStatus = 'active' | 'expired' | 'revoked'

interface TokenRecord {
  readonly kind: 'access' | 'refresh'
  readonly clientId: string
  readonly scope: string
  readonly authorizedAt: number
  readonly createdAt: number
  expiresAt: number
  /** For an access token: the refresh token issued with it (or the one that refreshed it). */
  readonly refreshToken: string
  revoked: boolean
}

interface CodeRecord {
  readonly clientId: string
  readonly redirectUri: string
  readonly scope: string
  readonly expiresAt: number
}

export interface TokenGrant {
  readonly access_token: string
  readonly expires_in: number
  readonly refresh_token: string
  readonly refresh_token_expires_in: number
  readonly scope: string
}

export type GrantResult =
  | { readonly ok: true; readonly grant: TokenGrant }
  | { readonly ok: false; readonly reason: string }

// LinkedIn's tokens are ~500 characters; issuing long ones catches columns and headers sized too small.
const newToken = () => `AQ${randomBytes(360).toString('base64url')}`
const seconds = (ms: number) => Math.max(0, Math.floor(ms / 1000))

/** Issues, refreshes, checks and revokes tokens; lifetimes follow the injected clock. */
export function createTokenIssuer(deps: { readonly clock: Clock; readonly clientId: string }) {
  const tokens = new Map<string, TokenRecord>()
  const codes = new Map<string, CodeRecord>()
  const staticTokens = new Set<string>()
  const now = () => deps.clock.now().getTime()

  let lastRefreshToken: string | undefined

  function issue(scope: string, authorizedAt: number, refreshExpiresAt: number, existingRefresh?: string): TokenGrant {
    const at = now()
    const access = newToken()
    const refresh = existingRefresh ?? newToken()
    // Refreshing never extends the refresh token: the new access token cannot outlive it either.
    const accessExpiresAt = Math.min(at + ACCESS_TOKEN_TTL_MS, refreshExpiresAt)
    const base = { clientId: deps.clientId, scope, authorizedAt, createdAt: at, revoked: false }
    tokens.set(access, { ...base, kind: 'access', expiresAt: accessExpiresAt, refreshToken: refresh })
    if (!existingRefresh) {
      tokens.set(refresh, { ...base, kind: 'refresh', expiresAt: refreshExpiresAt, refreshToken: refresh })
      lastRefreshToken = refresh
    }
    return {
      access_token: access,
      expires_in: seconds(accessExpiresAt - at),
      refresh_token: refresh,
      refresh_token_expires_in: seconds(refreshExpiresAt - at),
      scope,
    }
  }

  function status(record: TokenRecord): TokenStatus {
    if (record.revoked) return 'revoked'
    return now() >= record.expiresAt ? 'expired' : 'active'
  }

  return {
    /** A token given on the command line: always active, so a demo never needs the OAuth dance. */
    acceptStatic(token: string) {
      staticTokens.add(token)
    },
    /** The grant a member's consent would produce, without the browser round trip. */
    grant(scope = LEAD_SYNC_SCOPES): TokenGrant {
      return issue(scope, now(), now() + REFRESH_TOKEN_TTL_MS)
    },
    createCode(clientId: string, redirectUri: string, scope: string): string {
      const code = `AQ${randomBytes(48).toString('base64url')}`
      codes.set(code, { clientId, redirectUri, scope, expiresAt: now() + AUTHORIZATION_CODE_TTL_MS })
      return code
    },
    exchangeCode(code: string, clientId: string, redirectUri: string): GrantResult {
      const record = codes.get(code)
      codes.delete(code) // single use, whatever the outcome
      if (!record || record.expiresAt <= now() || record.clientId !== clientId || record.redirectUri !== redirectUri) {
        return { ok: false, reason: 'The provided authorization grant or refresh token is invalid, expired or revoked' }
      }
      return { ok: true, grant: issue(record.scope, now(), now() + REFRESH_TOKEN_TTL_MS) }
    },
    refresh(refreshToken: string, clientId: string): GrantResult {
      const record = tokens.get(refreshToken)
      if (record?.kind !== 'refresh' || record.clientId !== clientId || status(record) !== 'active') {
        return { ok: false, reason: 'The provided authorization grant or refresh token is invalid, expired or revoked' }
      }
      // LinkedIn answers a refresh with a new access token; the refresh token itself stays the same.
      return { ok: true, grant: issue(record.scope, record.authorizedAt, record.expiresAt, refreshToken) }
    },
    /** What a `/rest` call with this bearer token gets. */
    check(token: string): { readonly status: TokenStatus | 'unknown'; readonly scope: string } {
      if (staticTokens.has(token)) return { status: 'active', scope: STATIC_TOKEN_SCOPES }
      const record = tokens.get(token)
      if (record?.kind !== 'access') return { status: 'unknown', scope: '' }
      return { status: status(record), scope: record.scope }
    },
    introspect(token: string, clientId: string) {
      if (staticTokens.has(token)) {
        const at = seconds(now())
        return {
          active: true,
          client_id: deps.clientId,
          authorized_at: at,
          created_at: at,
          status: 'active' as const,
          expires_at: seconds(now() + ACCESS_TOKEN_TTL_MS),
          scope: STATIC_TOKEN_SCOPES,
          auth_type: '3L' as const,
        }
      }
      const record = tokens.get(token)
      if (!record) return undefined
      // Credentials valid but the token belongs to another application: 200 with active false (§6).
      if (record.clientId !== clientId) return { active: false }
      const current = status(record)
      return {
        active: current === 'active',
        client_id: record.clientId,
        authorized_at: seconds(record.authorizedAt),
        created_at: seconds(record.createdAt),
        status: current,
        expires_at: seconds(record.expiresAt),
        scope: record.scope,
        auth_type: '3L' as const,
      }
    },
    /**
     * Test control: sets the remaining lifetime of a refresh token (default: the last one issued) and/or of
     * the access tokens issued with it, from now. Access tokens never outlive their refresh token (§6).
     * Undefined when there is no such refresh token.
     */
    setExpiry(options: {
      readonly refreshToken?: string
      readonly refreshExpiresInSeconds?: number
      readonly accessExpiresInSeconds?: number
    }) {
      const refreshToken = options.refreshToken ?? lastRefreshToken
      const refresh = refreshToken ? tokens.get(refreshToken) : undefined
      if (!refreshToken || refresh?.kind !== 'refresh') return undefined
      if (options.refreshExpiresInSeconds !== undefined) {
        refresh.expiresAt = now() + options.refreshExpiresInSeconds * 1000
      }
      const family = [...tokens.values()].filter((t) => t.kind === 'access' && t.refreshToken === refreshToken)
      for (const access of family) {
        if (options.accessExpiresInSeconds !== undefined)
          access.expiresAt = now() + options.accessExpiresInSeconds * 1000
        access.expiresAt = Math.min(access.expiresAt, refresh.expiresAt)
      }
      return {
        refresh_token_expires_at: seconds(refresh.expiresAt),
        access_tokens: family.length,
        access_token_expires_at: family.length ? seconds(Math.max(...family.map((t) => t.expiresAt))) : null,
      }
    },
    revoke(token: string): boolean {
      const record = tokens.get(token)
      if (!record) return false
      record.revoked = true
      return true
    },
  }
}
export type TokenIssuer = ReturnType<typeof createTokenIssuer>
