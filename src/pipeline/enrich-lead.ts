import { runWaitingJobsNow } from '../jobs/index.js'
import type { LeadSyncClient } from '../linkedin/index.js'
import {
  type LeadForm,
  type LeadFormResponse,
  LeadFormSchema,
  LinkedInApiError,
  parseVersionedFormUrn,
} from '../linkedin/index.js'
import { leadsRepository, type Store } from '../store/index.js'
import type { Clock } from '../util/index.js'
import { normalizeLead, searchText } from './lead-fields.js'
import { mapAnswers } from './map-answers.js'

export interface EnrichDeps {
  readonly store: Store
  readonly client: Pick<LeadSyncClient, 'getLeadFormResponse' | 'getLeadForm'>
  readonly clock: Clock
}

/** How long a lead waits when LinkedIn is not connected, unless a sign-in wakes it sooner. */
export const WAIT_FOR_SIGN_IN_MS = 30 * 60_000

/** Runs every waiting lead job now: called when LinkedIn tokens are stored. */
export async function wakeLeadJobs(store: Store, now: Date): Promise<number> {
  const woken = await runWaitingJobsNow(store.db, 'process-lead', now)
  store.notifyJobs()
  return woken
}

export type EnrichOutcome =
  | { readonly kind: 'enriched' }
  /** The lead was deleted meanwhile: nothing was written. */
  | { readonly kind: 'deleted' }
  | { readonly kind: 'retry'; readonly reason: string; readonly notBefore?: Date }
  | { readonly kind: 'failed'; readonly reason: string }

/** Fetches the lead from LinkedIn, maps and normalises it, and stores it on the lead's row. */
export async function enrichLead(deps: EnrichDeps, leadId: string): Promise<EnrichOutcome> {
  const { store, clock } = deps
  let response: LeadFormResponse
  let form: LeadForm | undefined
  try {
    response = await deps.client.getLeadFormResponse(leadId)
    form = await formFor(deps, response)
  } catch (error) {
    if (!(error instanceof LinkedInApiError)) throw error
    const at = clock.now().getTime()
    await leadsRepository.addTimeline(store.db, leadId, 'fetch-failed', at, error.message)
    if (error.kind === 'unauthorized') {
      // A person has to reconnect LinkedIn: wait long, and let the sign-in wake the lead (wakeLeadJobs).
      return { kind: 'retry', reason: error.message, notBefore: new Date(at + WAIT_FOR_SIGN_IN_MS) }
    }
    if (error.kind === 'throttled' || error.kind === 'unavailable') {
      return {
        kind: 'retry',
        reason: error.message,
        ...(error.retryAfterMs !== undefined ? { notBefore: new Date(at + error.retryAfterMs) } : {}),
      }
    }
    const reason =
      error.kind === 'not-found'
        ? `LinkedIn has no lead ${leadId} (deleted, or older than its 365-day retention)`
        : error.message
    await leadsRepository.markLeadFailed(store.db, leadId, reason, at)
    return { kind: 'failed', reason }
  }

  return storeEnrichment(deps, leadId, response, form)
}

/** Maps, normalises and stores a response already in hand (a webhook's fetch, or a pull). */
export async function storeEnrichment(
  deps: EnrichDeps,
  leadId: string,
  response: LeadFormResponse,
  form: LeadForm | undefined,
): Promise<EnrichOutcome> {
  const { store, clock } = deps
  const mapped = mapAnswers(response, form)
  const { fields, warnings } = normalizeLead(mapped, form?.creationLocale?.country)
  const versioned = parseVersionedFormUrn(response.versionedLeadGenFormUrn)
  const at = clock.now().getTime()
  const saved = await store.db.transaction().execute(async (trx) => {
    const stored = await leadsRepository.saveEnrichment(
      trx,
      leadId,
      {
        lead_type: response.leadType ?? null,
        form_id: versioned?.formId ?? null,
        form_version: versioned?.version ?? null,
        owner: response.owner ? JSON.stringify(response.owner) : null,
        submitted_at: response.submittedAt ?? null,
        test: response.testLead ? 1 : 0,
        fields: JSON.stringify({ ...fields, warnings }),
        custom_answers: JSON.stringify(mapped.customAnswers),
        consents: JSON.stringify(mapped.consents),
        hidden_fields: JSON.stringify(mapped.hiddenFields),
        raw_response: JSON.stringify(response),
        search_text: searchText(fields),
        fetched_at: at,
        campaign: campaignOf(response),
      },
      at,
    )
    if (stored) {
      await leadsRepository.addTimeline(
        trx,
        leadId,
        'fetched',
        at,
        form ? `form ${form.id} v${form.versionId ?? '?'}` : 'form unknown',
      )
      await leadsRepository.addTimeline(
        trx,
        leadId,
        'normalised',
        at,
        warnings.length ? warnings.join(', ') : undefined,
      )
    }
    return stored
  })
  return saved ? { kind: 'enriched' } : { kind: 'deleted' }
}

/** The exact version answered: from the lead's `form:(…)` projection, the cache, or LinkedIn (then cached). */
export async function formFor(deps: EnrichDeps, response: LeadFormResponse): Promise<LeadForm | undefined> {
  const versioned = parseVersionedFormUrn(response.versionedLeadGenFormUrn)
  const at = deps.clock.now().getTime()
  if (response.form) {
    if (versioned)
      await leadsRepository.cacheForm(
        deps.store.db,
        versioned.formId,
        versioned.version,
        JSON.stringify(response.form),
        at,
      )
    return response.form
  }
  if (!versioned) return undefined
  const cached = await leadsRepository.getCachedForm(deps.store.db, versioned.formId, versioned.version)
  if (cached) return LeadFormSchema.parse(JSON.parse(cached))
  const form = await deps.client.getLeadForm(versioned.formId)
  // LinkedIn returns the form's current version; cache it under the version it says it is.
  await leadsRepository.cacheForm(
    deps.store.db,
    versioned.formId,
    form.versionId ?? versioned.version,
    JSON.stringify(form),
    at,
  )
  return form
}

function campaignOf(response: LeadFormResponse): string | null {
  const sponsored = response.leadMetadata?.sponsoredLeadMetadata as { campaign?: unknown } | undefined
  return typeof sponsored?.campaign === 'string' ? sponsored.campaign : null
}
