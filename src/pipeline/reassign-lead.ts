import type { Team } from '../routing/index.js'
import { leadsRepository, type Store } from '../store/index.js'

export type ReassignOutcome = 'reassigned' | 'unknown-lead' | 'unknown-member' | 'deleted'

/** Gives a lead to another team member by hand; recorded on the lead's routing and timeline. */
export async function reassignLead(
  store: Store,
  team: Team | undefined,
  leadId: string,
  memberId: string,
  by: string,
  at: number,
): Promise<ReassignOutcome> {
  if (!team?.members.some((m) => m.id === memberId)) return 'unknown-member'
  return store.db.transaction().execute(async (trx) => {
    const lead = await leadsRepository.getLead(trx, leadId)
    if (!lead) return 'unknown-lead'
    if (lead.status === 'deleted') return 'deleted'
    const routing = lead.routing ? (JSON.parse(lead.routing) as Record<string, unknown>) : {}
    const history = Array.isArray(routing.reassignments) ? routing.reassignments : []
    await leadsRepository.saveAssignment(
      trx,
      leadId,
      {
        owner_id: memberId,
        assigned_at: lead.assigned_at ?? at,
        routing: JSON.stringify({
          ...routing,
          reassignments: [...history, { from: lead.owner_id, to: memberId, by, at: new Date(at).toISOString() }],
        }),
      },
      at,
    )
    await leadsRepository.addTimeline(
      trx,
      leadId,
      'reassigned',
      at,
      `from ${lead.owner_id ?? 'nobody'} to ${memberId} by ${by}`,
    )
    return 'reassigned'
  })
}
