import type { Transaction } from 'kysely'
import { enqueue } from '../jobs/index.js'
import { DELIVER_JOB_MAX_ATTEMPTS } from '../pipeline/index.js'
import {
  type Database,
  deliveriesRepository,
  leadsRepository,
  outcomesRepository,
  recordSpeedDurations,
  type Store,
} from '../store/index.js'
import { countsAsContact, countsAsQualified, type OutcomeInput, type OutcomeStage } from './stages.js'

/** LinkedIn rejects conversion events that happened more than 90 days ago. */
export const CONVERSION_MAX_AGE_MS = 90 * 86_400_000

/** The channel that carries outcomes to LinkedIn's Conversions API (channels/linkedin-conversions.ts). */
export const CONVERSIONS_CHANNEL = 'linkedin-conversions'

/** What the outcome hook is told, inside the transaction that recorded it. */
export interface OutcomeRecorded {
  readonly leadId: string
  readonly stage: OutcomeStage
  readonly previous: OutcomeStage | null
  readonly at: number
  readonly by: string
  readonly via: string
}

/**
 * Runs in the transaction that records the outcome, so whatever it changes (sequences cancelling their pending
 * steps, say) commits or rolls back with the outcome itself.
 */
export type OutcomeHook = (trx: Transaction<Database>, event: OutcomeRecorded) => Promise<void>

export type RecordOutcomeResult =
  | { readonly kind: 'recorded'; readonly stage: OutcomeStage; readonly previous: OutcomeStage | null }
  /** The lead already stands at this stage with these details: nothing changed, nothing is sent again. */
  | { readonly kind: 'unchanged'; readonly stage: OutcomeStage }
  | { readonly kind: 'unknown-lead' }

export interface RecordOutcomeDeps {
  readonly store: Store
  /** Outcome stage → LinkedIn conversion rule URN; a stage listed here is sent to the Conversions API. */
  readonly conversionRules: Readonly<Partial<Record<OutcomeStage, string>>>
  readonly hooks: readonly OutcomeHook[]
}

export interface OutcomeRequest {
  readonly input: OutcomeInput
  /** Who set it: a member id, `slack:U123`, `api`, `hubspot`… */
  readonly by: string
  /** Where from: api, cli, slack, dashboard, hubspot, salesforce. */
  readonly via: string
  readonly at: Date
  /** When the outcome happened, if earlier than now (a CRM's own timestamp); defaults to `at`. */
  readonly happenedAt?: Date
}

/**
 * Sets a lead's outcome in one transaction: the lead's columns, a timeline entry naming who and how, the
 * conversion event's delivery when the stage is mapped, and the hooks. A repeated request changes nothing.
 */
export async function recordOutcome(
  deps: RecordOutcomeDeps,
  leadId: string,
  request: OutcomeRequest,
): Promise<RecordOutcomeResult> {
  const { store } = deps
  const { input } = request
  const now = request.at.getTime()
  const happened = Math.min(request.happenedAt?.getTime() ?? now, now)
  const reason = input.stage === 'disqualified' ? input.reason : null
  const amount = input.stage === 'won' ? input.amount : null
  const currency = input.stage === 'won' ? input.currency : null
  const result = await store.db.transaction().execute(async (trx): Promise<RecordOutcomeResult> => {
    const lead = await outcomesRepository.getOutcomeState(trx, leadId, store.capabilities.rowLocks)
    if (!lead || lead.status === 'deleted') return { kind: 'unknown-lead' }
    const previous = (lead.outcome ?? null) as OutcomeStage | null
    if (
      previous === input.stage &&
      lead.disqualify_reason === reason &&
      lead.won_amount === amount &&
      lead.won_currency === currency
    )
      return { kind: 'unchanged', stage: input.stage }

    await outcomesRepository.writeOutcome(trx, leadId, {
      stage: input.stage,
      at: happened,
      by: request.by,
      reason,
      amount,
      currency,
      contact: countsAsContact(input.stage),
      qualified: countsAsQualified(input.stage),
    })
    if (countsAsContact(input.stage)) await recordSpeedDurations(trx, store, [leadId])
    const details = reason ? ` (${reason})` : amount !== null ? ` (${amount} ${currency})` : ''
    await leadsRepository.addTimeline(
      trx,
      leadId,
      'outcome',
      now,
      `${input.stage}${details} by ${request.by} via ${request.via}${previous ? `; was ${previous}` : ''}`,
    )
    await queueConversion(deps, trx, lead.test === 1, leadId, input.stage, happened, request.at)
    for (const hook of deps.hooks)
      await hook(trx, { leadId, stage: input.stage, previous, at: happened, by: request.by, via: request.via })
    return { kind: 'recorded', stage: input.stage, previous }
  })
  if (result.kind === 'recorded') store.notifyJobs()
  return result
}

/**
 * One delivery per lead and stage (its idempotency key is `lead:linkedin-conversions:conversion:<stage>`), so
 * setting the same stage twice, or back and forth, still sends LinkedIn one event.
 */
async function queueConversion(
  deps: RecordOutcomeDeps,
  trx: Transaction<Database>,
  test: boolean,
  leadId: string,
  stage: OutcomeStage,
  happened: number,
  now: Date,
): Promise<void> {
  if (!deps.conversionRules[stage]) return
  const at = now.getTime()
  if (test) {
    await leadsRepository.addTimeline(
      trx,
      leadId,
      'conversion-skipped',
      at,
      `${stage}: test leads are not sent to LinkedIn`,
    )
    return
  }
  if (at - happened > CONVERSION_MAX_AGE_MS) {
    await leadsRepository.addTimeline(
      trx,
      leadId,
      'conversion-skipped',
      at,
      `${stage}: happened more than 90 days ago; LinkedIn's Conversions API accepts only the last 90 days`,
    )
    return
  }
  const id = await deliveriesRepository.createDelivery(trx, {
    leadId,
    channel: CONVERSIONS_CHANNEL,
    kind: `conversion:${stage}`,
    state: 'pending',
    at,
  })
  if (id !== undefined)
    await enqueue(trx, 'deliver', { deliveryId: id }, now, {
      key: `deliver:${id}`,
      maxAttempts: DELIVER_JOB_MAX_ATTEMPTS,
    })
}
