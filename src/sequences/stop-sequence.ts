import { leadsRepository, type Store, sequencesRepository } from '../store/index.js'

/** Why a sequence stopped, as the timeline, the API and the Sequences page show it. */
export const STOP_REASONS = [
  'replied',
  'unsubscribed',
  'bounced',
  'qualified',
  'disqualified',
  'won',
  'lost',
  'lead deleted',
  'manual',
  'acknowledged',
  'sequence removed',
] as const
export type StopReason = (typeof STOP_REASONS)[number]

/** Lead outcomes that end the follow-up. */
export const OUTCOME_STOPS = ['qualified', 'disqualified', 'won', 'lost'] as const satisfies readonly StopReason[]

export type StopResult = 'stopped' | 'not-running' | 'not-enrolled'

type Executor = Parameters<typeof sequencesRepository.stopEnrolment>[0]

/** Stops the lead's sequence in the caller's transaction: open steps are cancelled with the stop itself. */
export async function stopInTransaction(
  db: Executor,
  leadId: string,
  reason: StopReason,
  at: number,
  detail?: string,
): Promise<StopResult> {
  const enrolment = await sequencesRepository.getEnrolmentByLead(db, leadId)
  if (!enrolment) return 'not-enrolled'
  if (!(await sequencesRepository.stopEnrolment(db, enrolment.id, reason, at))) return 'not-running'
  await leadsRepository.addTimeline(
    db,
    leadId,
    'sequence-stopped',
    at,
    `${enrolment.sequence}: ${reason}${detail ? ` (${detail})` : ''}`,
  )
  return 'stopped'
}

/** Stops the lead's sequence for `reason` (reply, unsubscribe, bounce, outcome, deletion, manual…). */
export async function stopSequence(
  store: Store,
  leadId: string,
  reason: StopReason,
  at: number,
  detail?: string,
): Promise<StopResult> {
  return store.db.transaction().execute((trx) => stopInTransaction(trx, leadId, reason, at, detail))
}
