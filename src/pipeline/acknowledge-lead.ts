import { leadsRepository, type Store } from '../store/index.js'

export type AckOutcome =
  | { readonly kind: 'acknowledged'; readonly by: string }
  /** Someone acknowledged it before: the first acknowledgement stands. */
  | { readonly kind: 'already'; readonly by: string | null; readonly at: number }
  | { readonly kind: 'unknown-lead' }

/** Records the first acknowledgement of a lead (who, when); later ones change nothing. */
export async function acknowledgeLead(
  store: Store,
  leadId: string,
  by: string,
  at: number,
  via: string,
): Promise<AckOutcome> {
  if (await leadsRepository.markAcknowledged(store.db, leadId, by, at)) {
    await leadsRepository.addTimeline(store.db, leadId, 'acknowledged', at, `by ${by} via ${via}`)
    return { kind: 'acknowledged', by }
  }
  const lead = await leadsRepository.getLead(store.db, leadId)
  if (!lead || lead.status === 'deleted') return { kind: 'unknown-lead' }
  return { kind: 'already', by: lead.acked_by, at: lead.acked_at ?? at }
}
