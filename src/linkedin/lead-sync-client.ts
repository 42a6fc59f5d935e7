import { z } from 'zod'
import { type Clock, systemClock } from '../util/clock.js'
import { parseRetryAfter } from '../util/retry-after.js'
import { kindForStatus, LinkedInApiError, nextUtcMidnight } from './errors.js'
import {
  type LeadForm,
  type LeadFormResponse,
  LeadFormResponseSchema,
  LeadFormSchema,
  PagingSchema,
} from './lead-types.js'
import { encodeRestliKey, type RestliValue, restliQuery } from './restli.js'

const PageSchema = z.looseObject({
  elements: z.array(LeadFormResponseSchema).default([]),
  paging: PagingSchema.default({ start: 0, count: 10 }),
})

/** Everything LeadRelay uses from a lead, plus the exact form version it answered. */
export const LEAD_FIELDS =
  'id,owner,submitter,leadType,versionedLeadGenFormUrn,submittedAt,testLead,associatedEntity,leadMetadata,formResponse,' +
  'form:(id,versionId,name,owner,state,creationLocale,hiddenFields,content)'

export interface LeadSyncClientDeps {
  readonly baseUrl: string
  readonly version: string
  readonly timeoutMs: number
  /** The current access token; the OAuth module owns refresh, the client never caches tokens. */
  readonly accessToken: () => Promise<string>
  /** Called once after a 401: refresh and return the new token, or throw if that is impossible. */
  readonly refreshAccessToken: () => Promise<string>
  readonly fetch?: typeof globalThis.fetch
  readonly clock?: Clock
}

export type Owner = { readonly sponsoredAccount: string } | { readonly organization: string }

export interface LeadSearch {
  readonly owner: Owner
  readonly leadType: string
  readonly submittedAfter?: Date
  readonly submittedBefore?: Date
  readonly form?: string
  readonly testLeads?: boolean
}

export interface Page<T> {
  readonly elements: readonly T[]
  readonly start: number
  readonly count: number
  readonly total: number | undefined
}

export function createLeadSyncClient(deps: LeadSyncClientDeps) {
  const fetch = deps.fetch ?? globalThis.fetch
  const clock = deps.clock ?? systemClock
  const base = deps.baseUrl.replace(/\/+$/, '')

  async function send(path: string, token: string): Promise<Response> {
    try {
      return await fetch(`${base}${path}`, {
        headers: {
          authorization: `Bearer ${token}`,
          'linkedin-version': deps.version,
          'x-restli-protocol-version': '2.0.0',
          accept: 'application/json',
        },
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

  async function get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    let response = await send(path, await deps.accessToken())
    if (response.status === 401) {
      await response.body?.cancel()
      response = await send(path, await deps.refreshAccessToken())
    }
    if (!response.ok) throw await toError(response, path)
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
    const body = (await response.json().catch(() => ({}))) as {
      message?: string
      code?: string
      serviceErrorCode?: number
    }
    const kind = kindForStatus(response.status)
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

  async function getLeadFormResponse(responseId: string): Promise<LeadFormResponse> {
    return get(
      `/rest/leadFormResponses/${encodeRestliKey(responseId)}?${restliQuery([['fields', { raw: LEAD_FIELDS }]])}`,
      LeadFormResponseSchema,
    )
  }

  async function getLeadForm(formId: string): Promise<LeadForm> {
    return get(`/rest/leadForms/${encodeRestliKey(formId)}`, LeadFormSchema)
  }

  async function findLeadFormResponses(
    search: LeadSearch,
    paging: { start: number; count: number },
  ): Promise<Page<LeadFormResponse>> {
    const range: Record<string, RestliValue> | undefined = search.submittedAfter
      ? {
          start: search.submittedAfter.getTime(),
          ...(search.submittedBefore ? { end: search.submittedBefore.getTime() } : {}),
        }
      : undefined
    const query = restliQuery([
      ['q', 'owner'],
      ['owner', search.owner as unknown as RestliValue],
      ['leadType', { leadType: search.leadType }],
      ['limitedToTestLeads', search.testLeads ?? false],
      ['versionedLeadGenFormUrn', search.form],
      ['submittedAtTimeRange', range],
      ['fields', { raw: LEAD_FIELDS }],
      ['start', paging.start],
      ['count', paging.count],
    ])
    const page = await get(`/rest/leadFormResponses?${query}`, PageSchema)
    return {
      elements: page.elements,
      start: page.paging.start,
      count: page.paging.count,
      total: page.paging.total,
    }
  }

  /** Every lead matching `search`, page by page; stops on a short page, as LinkedIn documents. */
  async function* allLeadFormResponses(search: LeadSearch, pageSize = 100): AsyncGenerator<LeadFormResponse> {
    for (let start = 0; ; start += pageSize) {
      const page = await findLeadFormResponses(search, { start, count: pageSize })
      yield* page.elements
      if (page.elements.length < pageSize) return
    }
  }

  return { getLeadFormResponse, getLeadForm, findLeadFormResponses, allLeadFormResponses }
}

export type LeadSyncClient = ReturnType<typeof createLeadSyncClient>

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
