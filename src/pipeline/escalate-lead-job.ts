import { enqueue, type JobHandler } from '../jobs/index.js'
import { type EscalationLevel, escalationKind, leadsRepository, type Store } from '../store/index.js'
import type { Clock } from '../util/index.js'
import { type AlertSettings, ESCALATION_LEVELS } from './alert-settings.js'
import { queueDeliveries } from './route-lead.js'

/**
 * Fires when nobody acknowledged a lead in time: level 1 re-alerts the owner, level 2 alerts the
 * owner's manager (or the fallback owner), on the manager channel when one is configured.
 */
export function createEscalateHandler(deps: {
  store: Store
  clock: Clock
  settings: AlertSettings
}): JobHandler<'escalate'> {
  const { store, clock, settings } = deps
  return async ({ leadId, level }) => {
    const now = clock.now()
    const at = now.getTime()
    await store.db.transaction().execute(async (trx) => {
      const lead = await leadsRepository.getLead(trx, leadId)
      if (!lead || lead.status === 'deleted' || lead.acked_at !== null || lead.assigned_at === null) return
      if ((lead.escalation_level ?? 0) >= level) return
      await leadsRepository.setEscalationLevel(trx, leadId, level, at)
      const waited = Math.round((at - lead.assigned_at) / 60_000)
      await leadsRepository.addTimeline(
        trx,
        leadId,
        'escalated',
        at,
        `level ${level}: not acknowledged after ${waited} min`,
      )
      const managerChannel = settings.team?.managerChannel
      const channels =
        level >= 2 && managerChannel ? settings.channels.filter((c) => c.name === managerChannel) : settings.channels
      await queueDeliveries(trx, lead, escalationKind(level as EscalationLevel), channels, now)
      const minutes = settings.escalationMinutes[(lead.priority ?? 'cold') as 'hot' | 'warm' | 'cold']
      if (level < ESCALATION_LEVELS && minutes > 0) {
        await enqueue(trx, 'escalate', { leadId, level: level + 1 }, now, {
          key: `escalate:${leadId}:${level + 1}`,
          runAt: new Date(at + minutes * 60_000),
        })
      }
    })
    store.notifyJobs()
    return { kind: 'done' }
  }
}
