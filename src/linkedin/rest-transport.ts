import type { z } from 'zod'
import { type Clock, parseRetryAfter, systemClock } from '../util/index.js'
import { kindForStatus, LinkedInApiError, nextUtcMidnight } from './errors.js'

export interface RestTransportDeps {
  readonly baseUrl: string
  readonly version: string
  readonly timeoutMs: number
  /** The current access token; the OAuth module owns refresh, the transport never caches tokens. */
  readonly accessToken: () => Promise<string>
  /** Called once after a 401: refresh and return the new token, or throw if that is impossible. */
  readonly refreshAccessToken: () => Promise<string>
  readonly fetch?: typeof globalThis.fetch
  readonly clock?: Clock
  /** Told of every 426 (the version is sunset), so an operator hears of it once, not per lead. */
  readonly onVersionRejected?: (version: string) => void
}

/**
 * LinkedIn's `/rest` calls: version and Rest.li headers on every request, one refresh-and-retry after a
 * 401, and every failure turned into a typed LinkedInApiError.
 */
export function createRestTransport(deps: RestTransportDeps) {
  const fetch = deps.fetch ?? globalThis.fetch
  const clock = deps.clock ?? systemClock
  const base = deps.baseUrl.replace(/\/+$/, '')

  async function send(method: string, path: string, token: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'linkedin-version': deps.version,
          'x-restli-protocol-version': '2.0.0',
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        redirect: 'error',
        signal: AbortSignal.timeout(deps.timeoutMs),
      })
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError'
      throw new LinkedInApiError(
        'unavailable',
        timedOut
          ? `LinkedIn did not answer within ${deps.timeoutMs} ms`
          : `could not reach LinkedIn: ${(error as Error).message}`,
        { cause: error },
      )
    }
  }

  /** Sends, refreshing the token once on 401; throws LinkedInApiError unless the answer is 2xx. */
  async function request(method: string, path: string, body?: unknown): Promise<Response> {
    let response = await send(method, path, await deps.accessToken(), body)
    if (response.status === 401) {
      await response.body?.cancel()
      response = await send(method, path, await deps.refreshAccessToken(), body)
    }
    if (!response.ok) throw await toError(response, path)
    return response
  }

  async function get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    const response = await request('GET', path)
    const parsed = schema.safeParse(await response.json().catch(() => undefined))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new LinkedInApiError(
        'bad-request',
        `LinkedIn answered ${pathOnly(path)} with an unexpected shape: ${issue?.path.join('.')} ${issue?.message}`,
      )
    }
    return parsed.data
  }

  async function toError(response: Response, path: string): Promise<LinkedInApiError> {
    const body = (await response.json().catch(() => ({}))) as { message?: string; code?: string }
    const kind = kindForStatus(response.status)
    if (kind === 'version') deps.onVersionRejected?.(deps.version)
    const now = clock.now()
    let retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now)
    if (kind === 'throttled' && retryAfterMs === undefined && /\bDAY\b/.test(body.message ?? '')) {
      retryAfterMs = nextUtcMidnight(now).getTime() - now.getTime()
    }
    const what = `${response.status}${body.code ? ` ${body.code}` : ''}`
    const message = `LinkedIn ${pathOnly(path)}: ${what}: ${body.message ?? response.statusText}${hintFor(kind)}`
    return new LinkedInApiError(kind, message, {
      status: response.status,
      ...(body.code ? { code: body.code } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    })
  }

  return { request, get }
}

export type RestTransport = ReturnType<typeof createRestTransport>

function pathOnly(path: string): string {
  return path.split('?')[0] ?? path
}

function hintFor(kind: string): string {
  switch (kind) {
    case 'forbidden':
      return ' (the connected member needs a role on the ad account or organization, e.g. ACCOUNT_MANAGER / LEAD_GEN_FORMS_MANAGER, and the app the r_marketing_leadgen_automation scope)'
    case 'version':
      return ' (set LINKEDIN_VERSION to an active YYYYMM version)'
    default:
      return ''
  }
}
