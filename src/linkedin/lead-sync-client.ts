import { z } from 'zod'
import {
  type LeadForm,
  type LeadFormResponse,
  LeadFormResponseSchema,
  LeadFormSchema,
  PagingSchema,
} from './lead-types.js'
import { createRestTransport, type RestTransportDeps } from './rest-transport.js'
import { encodeRestliKey, type RestliValue, restliQuery } from './restli.js'

const PageSchema = z.looseObject({
  elements: z.array(LeadFormResponseSchema).default([]),
  paging: PagingSchema.default({ start: 0, count: 10 }),
})

/** Everything LeadRelay uses from a lead, plus the exact form version it answered. */
export const LEAD_FIELDS =
  'id,owner,submitter,leadType,versionedLeadGenFormUrn,submittedAt,testLead,associatedEntity,leadMetadata,formResponse,' +
  'form:(id,versionId,name,owner,state,creationLocale,hiddenFields,content)'

export type LeadSyncClientDeps = RestTransportDeps

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
  const { get } = createRestTransport(deps)

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
