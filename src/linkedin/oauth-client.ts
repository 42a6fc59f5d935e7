import { z } from 'zod'
import { LinkedInApiError } from './errors.js'

/** What the Lead Sync product needs (LinkedIn OAuth, learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow, /programmatic-refresh-tokens and /token-introspection). */
export const LEAD_SYNC_SCOPES = ['r_marketing_leadgen_automation', 'r_ads', 'r_organization_admin'] as const

const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number(),
  refresh_token: z.string().optional(),
  refresh_token_expires_in: z.number().optional(),
  scope: z.string().optional(),
})
export type TokenResponse = z.infer<typeof TokenResponse>

const Introspection = z.looseObject({
  active: z.boolean(),
  status: z.string().optional(),
  expires_at: z.number().optional(),
  scope: z.string().optional(),
})
export type Introspection = z.infer<typeof Introspection>

export interface OAuthClientDeps {
  readonly oauthUrl: string
  readonly clientId: string
  readonly clientSecret: string
  readonly timeoutMs: number
  readonly fetch?: typeof globalThis.fetch
}

/** LinkedIn's OAuth 2.0 endpoints: authorization URL, code exchange, refresh, introspection. */
export function createOAuthClient(deps: OAuthClientDeps) {
  const fetch = deps.fetch ?? globalThis.fetch
  const base = deps.oauthUrl.replace(/\/+$/, '')

  async function post<T>(path: string, form: Record<string, string>, schema: z.ZodType<T>): Promise<T> {
    let response: Response
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(deps.timeoutMs),
      })
    } catch (error) {
      throw new LinkedInApiError('unavailable', `could not reach LinkedIn OAuth: ${(error as Error).message}`, {
        cause: error,
      })
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
    if (!response.ok) {
      const reason = String(body.error_description ?? body.message ?? body.error ?? response.statusText)
      const kind = response.status >= 500 ? 'unavailable' : response.status === 429 ? 'throttled' : 'unauthorized'
      throw new LinkedInApiError(kind, `LinkedIn OAuth ${path}: ${response.status}: ${reason}`, {
        status: response.status,
      })
    }
    const parsed = schema.safeParse(body)
    if (!parsed.success)
      throw new LinkedInApiError('bad-request', `LinkedIn OAuth ${path} answered an unexpected shape`)
    return parsed.data
  }

  return {
    authorizationUrl(options: { redirectUri: string; state: string; scopes?: readonly string[] }): string {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: deps.clientId,
        redirect_uri: options.redirectUri,
        state: options.state,
        scope: (options.scopes ?? LEAD_SYNC_SCOPES).join(' '),
      })
      return `${base}/oauth/v2/authorization?${query.toString().replace(/\+/g, '%20')}`
    },
    exchangeCode(code: string, redirectUri: string): Promise<TokenResponse> {
      return post(
        '/oauth/v2/accessToken',
        {
          grant_type: 'authorization_code',
          code,
          client_id: deps.clientId,
          client_secret: deps.clientSecret,
          redirect_uri: redirectUri,
        },
        TokenResponse,
      )
    },
    refresh(refreshToken: string): Promise<TokenResponse> {
      return post(
        '/oauth/v2/accessToken',
        {
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_id: deps.clientId,
          client_secret: deps.clientSecret,
        },
        TokenResponse,
      )
    },
    introspect(token: string): Promise<Introspection> {
      return post(
        '/oauth/v2/introspectToken',
        { client_id: deps.clientId, client_secret: deps.clientSecret, token },
        Introspection,
      )
    },
  }
}

export type OAuthClient = ReturnType<typeof createOAuthClient>
