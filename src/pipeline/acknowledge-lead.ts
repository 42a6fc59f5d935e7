import type { Transaction } from 'kysely'
import { type Database, leadsRepository, recordSpeedDurations, type Store } from '../store/index.js'

export type AckOutcome =
  | { readonly kind: 'acknowledged'; readonly by: string }
  /** Someone acknowledged it before: the first acknowledgement stands. */
  | { readonly kind: 'already'; readonly by: string | null; readonly at: number }
  | { readonly kind: 'unknown-lead' }

/** What an acknowledgement hook is told, in the transaction that records the first acknowledgement. */
export interface Acknowledged {
  readonly leadId: string
  readonly by: string
  readonly at: number
  readonly via: string
}

/** Runs with the first acknowledgement (sequences with `stopOn: [acknowledged]` stop): commits with it or not at all. */
export type AckHook = (trx: Transaction<Database>, ack: Acknowledged) => Promise<unknown>

/** Records a lead's acknowledgement; how the link, Slack, the dashboard and the API do it. */
export type Acknowledge = (leadId: string, by: string, at: number, via: string) => Promise<AckOutcome>

/** Records the first acknowledgement of a lead (who, when) and runs the hooks with it; later ones change nothing. */
export async function acknowledgeLead(
  store: Store,
  leadId: string,
  by: string,
  at: number,
  via: string,
  hooks: readonly AckHook[] = [],
): Promise<AckOutcome> {
  const first = await store.db.transaction().execute(async (trx) => {
    if (!(await leadsRepository.markAcknowledged(trx, leadId, by, at))) return false
    await recordSpeedDurations(trx, store, [leadId])
    await leadsRepository.addTimeline(trx, leadId, 'acknowledged', at, `by ${by} via ${via}`)
    for (const hook of hooks) await hook(trx, { leadId, by, at, via })
    return true
  })
  if (first) {
    if (hooks.length > 0) store.notifyJobs()
    return { kind: 'acknowledged', by }
  }
  const lead = await leadsRepository.getLead(store.db, leadId)
  if (!lead || lead.status === 'deleted') return { kind: 'unknown-lead' }
  return { kind: 'already', by: lead.acked_by, at: lead.acked_at ?? at }
}
