import type { DeliveryOutcome } from './channel.js'
import { salesforceRequest } from './salesforce-api.js'

export interface SalesforceAuthOptions {
  /**
   * Where to ask for tokens. Default `https://login.salesforce.com`; the client credentials flow needs the org's
   * My Domain URL (`https://<domain>.my.salesforce.com`), a sandbox `https://test.salesforce.com`.
   */
  readonly loginUrl?: string
  /** The connected app's consumer key and secret. */
  readonly clientId: string
  readonly clientSecret: string
  /** When given, the refresh token flow; otherwise the client credentials flow (a "Run As" user set on the app). */
  readonly refreshToken?: string
  readonly timeoutMs?: number
  readonly fetch?: typeof globalThis.fetch
}

export interface SalesforceSession {
  readonly accessToken: string
  /** `instance_url` from the token answer: every REST call goes there. */
  readonly instanceUrl: string
}

export type SessionResult =
  | { readonly kind: 'session'; readonly session: SalesforceSession }
  | { readonly kind: 'failed'; readonly outcome: DeliveryOutcome }

/**
 * OAuth 2.0 against `{loginUrl}/services/oauth2/token`. The session (access token + instance URL) is kept in
 * memory and shared by concurrent sends; `invalidate` drops it after Salesforce answers INVALID_SESSION_ID.
 */
export function createSalesforceAuth(options: SalesforceAuthOptions) {
  const fetch = options.fetch ?? globalThis.fetch
  const tokenUrl = `${(options.loginUrl ?? 'https://login.salesforce.com').replace(/\/+$/, '')}/services/oauth2/token`
  let cached: SalesforceSession | undefined
  let pending: Promise<SessionResult> | undefined

  async function login(signal: AbortSignal): Promise<SessionResult> {
    const form = new URLSearchParams(
      options.refreshToken
        ? { grant_type: 'refresh_token', refresh_token: options.refreshToken }
        : { grant_type: 'client_credentials' },
    )
    form.set('client_id', options.clientId)
    form.set('client_secret', options.clientSecret)
    const answer = await salesforceRequest({
      method: 'POST',
      url: tokenUrl,
      body: form,
      signal,
      timeoutMs: options.timeoutMs,
      fetch,
    })
    if (answer.kind === 'failed') return answer
    const json = answer.json
    if (answer.status === 200 && typeof json?.access_token === 'string' && typeof json?.instance_url === 'string') {
      return { kind: 'session', session: { accessToken: json.access_token, instanceUrl: json.instance_url } }
    }
    // OAuth errors are `{ error, error_description }` codes and fixed phrases ("authentication failure").
    const code = typeof json?.error === 'string' ? json.error : `HTTP ${answer.status}`
    const description = typeof json?.error_description === 'string' ? `: ${json.error_description.slice(0, 200)}` : ''
    const reason = `Salesforce login failed (${code}${description}); check the connected app's client id, secret${options.refreshToken ? ' and refresh token' : ' and its client credentials "Run As" user'}`
    if (answer.status >= 500 || answer.status === 429) return { kind: 'failed', outcome: { kind: 'retry', reason } }
    return { kind: 'failed', outcome: { kind: 'rejected', reason } }
  }

  /** The cached session, or a new one; one login at a time. */
  async function session(signal: AbortSignal): Promise<SessionResult> {
    if (cached) return { kind: 'session', session: cached }
    pending ??= login(signal).finally(() => {
      pending = undefined
    })
    const result = await pending
    if (result.kind === 'session') cached = result.session
    return result
  }

  /** Forget this token (only if it is still the cached one: a concurrent send may have replaced it already). */
  function invalidate(accessToken: string): void {
    if (cached?.accessToken === accessToken) cached = undefined
  }

  return { session, invalidate }
}
export type SalesforceAuth = ReturnType<typeof createSalesforceAuth>
