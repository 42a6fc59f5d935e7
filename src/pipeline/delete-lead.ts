import { deliveriesRepository, leadsRepository, type Store, sequencesRepository } from '../store/index.js'
import { queueDelivery } from './replay-delivery.js'

/** Every destination LeadRelay may have written a lead to is told to erase it; 'all' until channels exist. */
export const ALL_DESTINATIONS = 'all'

/**
 * Honours LinkedIn's DELETED: erases the lead's personal data and keeps a tombstone (id, form, owner,
 * times), so a late CREATED cannot bring it back. Idempotent.
 */
export async function deleteLead(
  store: Store,
  lead: { id: string; urn: string },
  at: number,
  /** Channels that can erase what they wrote (CRMs); each that wrote this lead gets a `delete` delivery. */
  deletingChannels: readonly string[] = [],
): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await leadsRepository.insertLeadIfNew(trx, {
      id: lead.id,
      urn: lead.urn,
      status: 'deleted',
      received_at: at,
      source: 'webhook',
      test: 0,
      deleted_at: at,
      created_at: at,
      updated_at: at,
    })
    await leadsRepository.eraseLead(trx, lead.id, at)
    await sequencesRepository.eraseForLead(trx, lead.id, at)
    await leadsRepository.addTimeline(trx, lead.id, 'deleted', at, 'personal data erased on LinkedIn DELETED')
    await leadsRepository.requestDownstreamDeletion(trx, lead.id, ALL_DESTINATIONS, at)
    if (deletingChannels.length === 0) return
    const written = await deliveriesRepository.deliveredCreates(trx, lead.id, deletingChannels)
    for (const row of written) {
      await queueDelivery(
        trx,
        { leadId: lead.id, channel: row.channel, kind: 'delete', externalId: row.external_id },
        new Date(at),
      )
      await leadsRepository.addTimeline(trx, lead.id, 'downstream-delete', at, `requested in ${row.channel}`)
    }
  })
  await store.afterErasure()
  store.notifyJobs()
}
