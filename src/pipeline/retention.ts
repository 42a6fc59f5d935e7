import { leadsRepository, type Store } from '../store/index.js'
import { ALL_DESTINATIONS } from './delete-lead.js'

/**
 * Erases the personal data of leads received more than `days` ago, exactly as LinkedIn's DELETED does
 * (tombstone kept, downstream deletion requested). Returns how many leads were erased.
 */
export async function applyRetention(store: Store, days: number, now: Date): Promise<number> {
  if (days <= 0) return 0
  const at = now.getTime()
  const cutoff = at - days * 86_400_000
  const expired = await leadsRepository.leadsReceivedBefore(store.db, cutoff, 1000)
  for (const id of expired) {
    await store.db.transaction().execute(async (trx) => {
      await leadsRepository.eraseLead(trx, id, at)
      await leadsRepository.addTimeline(
        trx,
        id,
        'deleted',
        at,
        `personal data erased by the ${days}-day retention policy`,
      )
      await leadsRepository.requestDownstreamDeletion(trx, id, ALL_DESTINATIONS, at)
    })
  }
  if (expired.length > 0) await store.afterErasure()
  return expired.length
}
