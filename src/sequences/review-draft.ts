import { enqueue } from '../jobs/index.js'
import { leadsRepository, sequencesRepository } from '../store/index.js'
import type { SequenceRuntime } from './runtime.js'
import { advance, STEP_JOB_MAX_ATTEMPTS, stepJobKey } from './schedule-step.js'

export type ReviewResult = 'approved' | 'skipped' | 'not-found' | 'not-open'

/**
 * The owner approves a language-model draft, as it is or edited; the step then goes out as approved
 * (still inside the send window and the mailbox's limits).
 */
export async function approveDraft(
  rt: SequenceRuntime,
  leadId: string,
  stepId: string,
  edits: { readonly subject?: string | undefined; readonly body?: string | undefined },
  by: string,
): Promise<ReviewResult> {
  const now = rt.clock.now()
  const result = await rt.store.db.transaction().execute(async (trx): Promise<ReviewResult> => {
    const enrolment = await sequencesRepository.getEnrolmentByLead(trx, leadId)
    const step = enrolment && (await sequencesRepository.getStep(trx, enrolment.id, stepId))
    if (!enrolment || !step) return 'not-found'
    if (step.state !== 'awaiting-approval' || enrolment.state === 'stopped') return 'not-open'
    const edited =
      (edits.subject !== undefined && edits.subject !== step.subject) ||
      (edits.body !== undefined && edits.body !== step.body)
    await sequencesRepository.updateStep(trx, enrolment.id, stepId, {
      state: 'pending',
      subject: edits.subject ?? step.subject,
      body: edits.body ?? step.body,
      draft_source: edited ? 'edited' : 'llm-approved',
      due_at: now.getTime(),
    })
    await leadsRepository.addTimeline(
      trx,
      leadId,
      'sequence-draft-approved',
      now.getTime(),
      `${stepId}: ${edited ? 'edited and approved' : 'approved'} by ${by}`,
    )
    await enqueue(trx, 'sequence-step', { enrolmentId: enrolment.id, stepId }, now, {
      key: stepJobKey(enrolment.id, stepId),
      maxAttempts: STEP_JOB_MAX_ATTEMPTS,
    })
    return 'approved'
  })
  rt.store.notifyJobs()
  return result
}

/** The owner skips a step (a draft they do not want sent, a task that makes no sense); the sequence goes on. */
export async function skipStepByHand(
  rt: SequenceRuntime,
  leadId: string,
  stepId: string,
  by: string,
): Promise<ReviewResult> {
  const now = rt.clock.now()
  const result = await rt.store.db.transaction().execute(async (trx): Promise<ReviewResult> => {
    const enrolment = await sequencesRepository.getEnrolmentByLead(trx, leadId)
    const sequence = enrolment && rt.sequences.get(enrolment.sequence)
    if (!enrolment || !sequence) return 'not-found'
    const skipped = await sequencesRepository.updateStep(
      trx,
      enrolment.id,
      stepId,
      { state: 'skipped', done_at: now.getTime(), detail: `skipped by ${by}` },
      ['pending', 'awaiting-approval'],
    )
    if (!skipped) return (await sequencesRepository.getStep(trx, enrolment.id, stepId)) ? 'not-open' : 'not-found'
    await leadsRepository.addTimeline(
      trx,
      leadId,
      'sequence-step-skipped',
      now.getTime(),
      `${stepId}: skipped by ${by}`,
    )
    if (enrolment.state !== 'stopped') await advance(trx, sequence, enrolment, stepId, now)
    return 'skipped'
  })
  rt.store.notifyJobs()
  return result
}
