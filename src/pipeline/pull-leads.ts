import { enqueue, type JobHandler, type JobOutcome } from '../jobs/index.js'
import { type LeadFormResponse, type LeadSyncClient, LinkedInApiError, type Owner } from '../linkedin/index.js'
import { leadsRepository, type PullRow, pullsRepository, type Store } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import { type EnrichDeps, formFor, storeEnrichment, WAIT_FOR_SIGN_IN_MS } from './enrich-lead.js'
import type { OpsAlerts } from './ops-alerts.js'

/** LinkedIn keeps leads 365 days; a backfill reads them in windows of this size. */
export const PULL_WINDOW_MS = 30 * 86_400_000
export const PULL_PAGE_SIZE = 100

export interface PullDeps {
  readonly store: Store
  readonly clock: Clock
  readonly logger: Logger
  readonly client: Pick<LeadSyncClient, 'findLeadFormResponses' | 'getLeadForm' | 'getLeadFormResponse'>
  readonly routeAndAlert: (leadId: string, options: { alert: boolean }) => Promise<unknown>
  /** Leads submitted longer ago than this are stored and routed, never alerted. */
  readonly alertMaxAgeMs: number
  /** Told when a reconciliation found leads no webhook brought: a webhook was missed. */
  readonly ops?: Pick<OpsAlerts, 'raise'>
}

/** Starts a pull (backfill or reconciliation) of one owner's leads of one type; the `pull` job runs it. */
export async function startPull(
  store: Store,
  request: { kind: PullRow['kind']; owner: Owner; leadType: string; since: number; until: number },
  now: Date,
): Promise<number> {
  const at = now.getTime()
  const id = await store.db.transaction().execute(async (trx) => {
    const pullId = await pullsRepository.createPull(trx, { ...request, owner: JSON.stringify(request.owner) }, at)
    await enqueue(trx, 'pull', { pullId }, now, { key: `pull:${pullId}`, maxAttempts: 1000 })
    return pullId
  })
  store.notifyJobs()
  return id
}

/**
 * Reads LinkedIn's leads window by window, page by page, saving the resume point after every page, so a
 * crash or a 429 continues where it stopped. Leads we hold are counted; the others go through the same
 * pipeline as a webhook's, marked as recovered.
 */
export function createPullHandler(deps: PullDeps): JobHandler<'pull'> {
  const { store, clock } = deps
  return async ({ pullId }) => {
    let pull = await pullsRepository.getPull(store.db, pullId)
    if (!pull) return { kind: 'failed', reason: `pull ${pullId} does not exist` }
    const owner = JSON.parse(pull.owner) as Owner
    while (pull.state === 'running' && pull.window_start < pull.until) {
      const windowEnd = Math.min(pull.window_start + PULL_WINDOW_MS, pull.until)
      let page: Awaited<ReturnType<PullDeps['client']['findLeadFormResponses']>>
      try {
        page = await deps.client.findLeadFormResponses(
          {
            owner,
            leadType: pull.lead_type,
            submittedAfter: new Date(pull.window_start),
            submittedBefore: new Date(windowEnd),
          },
          { start: pull.page_start, count: PULL_PAGE_SIZE },
        )
      } catch (error) {
        return await pullFailure(deps, pull, error)
      }
      let held = 0
      let recovered = 0
      for (const response of page.elements) {
        if (await ingestPulledLead(deps, pull, response)) recovered++
        else held++
      }
      const full = page.elements.length === PULL_PAGE_SIZE
      await pullsRepository.savePullProgress(store.db, pull.id, {
        window_start: full ? pull.window_start : windowEnd,
        page_start: full ? pull.page_start + page.elements.length : 0,
        linkedin_count: pull.linkedin_count + page.elements.length,
        held: pull.held + held,
        recovered: pull.recovered + recovered,
        updated_at: clock.now().getTime(),
      })
      pull = (await pullsRepository.getPull(store.db, pullId)) as PullRow
    }
    if (pull.state === 'running') {
      await pullsRepository.finishPull(store.db, pull.id, clock.now().getTime())
      if (pull.kind === 'reconcile' && pull.recovered > 0) await announceRecovered(deps, pull)
    }
    return { kind: 'done' }
  }
}

async function pullFailure(deps: PullDeps, pull: PullRow, error: unknown): Promise<JobOutcome> {
  if (!(error instanceof LinkedInApiError)) throw error
  const at = deps.clock.now().getTime()
  if (error.kind === 'throttled' || error.kind === 'unavailable') {
    // The resume point is saved: the retry continues from this page.
    return {
      kind: 'retry',
      reason: error.message,
      ...(error.retryAfterMs !== undefined ? { notBefore: new Date(at + error.retryAfterMs) } : {}),
    }
  }
  if (error.kind === 'unauthorized')
    return { kind: 'retry', reason: error.message, notBefore: new Date(at + WAIT_FOR_SIGN_IN_MS) }
  await pullsRepository.failPull(deps.store.db, pull.id, error.message, at)
  return { kind: 'failed', reason: error.message }
}

/** True when the lead was new to us (recovered), false when we held it already. */
async function ingestPulledLead(deps: PullDeps, pull: PullRow, response: LeadFormResponse): Promise<boolean> {
  const { store, clock } = deps
  const now = clock.now().getTime()
  const created = await leadsRepository.insertLeadIfNew(store.db, {
    id: response.id,
    urn: `urn:li:leadGenFormResponse:${response.id}`,
    status: 'received',
    lead_type: response.leadType ?? pull.lead_type,
    owner: pull.owner,
    received_at: now,
    source: pull.kind === 'backfill' ? 'backfill' : 'pull',
    test: response.testLead ? 1 : 0,
    created_at: now,
    updated_at: now,
  })
  if (!created) {
    // A pull that died between storing and enriching a lead finishes it on resume; leads a webhook
    // brought are the webhook job's to finish.
    const lead = await leadsRepository.getLead(store.db, response.id)
    if (lead?.status !== 'received' || lead.source === 'webhook') return false
  } else {
    await leadsRepository.addTimeline(
      store.db,
      response.id,
      'received',
      now,
      pull.kind === 'backfill' ? `backfill ${pull.id}` : `recovered by pull ${pull.id}: no webhook brought it`,
    )
  }
  const enrich: EnrichDeps = { store, clock, client: deps.client }
  const form = await formFor(enrich, response)
  const outcome = await storeEnrichment(enrich, response.id, response, form)
  if (outcome.kind === 'enriched') {
    const fresh = response.submittedAt !== undefined && now - response.submittedAt <= deps.alertMaxAgeMs
    await deps.routeAndAlert(response.id, { alert: fresh })
  }
  return true
}

/** Each recovered lead is a webhook LinkedIn did not deliver: an operator should know. */
async function announceRecovered(deps: PullDeps, pull: PullRow): Promise<void> {
  const owner = Object.values(JSON.parse(pull.owner) as Record<string, string>)[0]
  await deps.ops
    ?.raise(
      `recovered-by-pull:${pull.id}`,
      `the daily reconciliation recovered ${pull.recovered} of ${pull.linkedin_count} leads that no webhook brought (${pull.lead_type}, ${owner}): LinkedIn missed or could not reach the webhook.`,
    )
    .catch((error: Error) => deps.logger.error({ err: error.message }, 'could not raise an ops alert'))
}
