import type { Kysely, Transaction } from 'kysely'
import { enqueue } from '../jobs/index.js'
import { type Database, type EnrolmentRow, leadsRepository, sequencesRepository } from '../store/index.js'
import type { Sequence, SequenceStep } from './config-schema.js'
import { nextSendTime } from './send-window.js'
import { waitUntil } from './wait-duration.js'

type Executor = Kysely<Database> | Transaction<Database>

/** Step jobs may wait many times for a send window or a mailbox's throttle; each wait uses an attempt. */
export const STEP_JOB_MAX_ATTEMPTS = 100

export const stepJobKey = (enrolmentId: number, stepId: string) => `seq:${enrolmentId}:${stepId}`

/** Steps that only a task's outcome starts (`next: { accepted: thank-you }`): the linear flow passes them by. */
export function branchTargets(sequence: Sequence): Set<string> {
  return new Set(sequence.steps.flatMap((s) => (s.type === 'task' ? Object.values(s.next ?? {}) : [])))
}

/** When a step started at `at` is due: waits end later, e-mails wait for the send window, tasks are due now. */
export function dueAt(sequence: Sequence, step: SequenceStep, at: Date, timeZone: string): Date {
  if (step.type === 'wait') return waitUntil(at, step.wait, timeZone)
  if (step.type === 'email') return nextSendTime(at, sequence.sendWindow, timeZone)
  return at
}

/** Makes a step pending with its due time and queues its job (in the caller's transaction). */
export async function scheduleStep(
  db: Executor,
  sequence: Sequence,
  enrolment: Pick<EnrolmentRow, 'id' | 'time_zone'>,
  step: SequenceStep,
  at: Date,
): Promise<void> {
  const due = dueAt(sequence, step, at, enrolment.time_zone)
  await sequencesRepository.updateStep(db, enrolment.id, step.id, { state: 'pending', due_at: due.getTime() }, [
    'pending',
  ])
  await enqueue(db, 'sequence-step', { enrolmentId: enrolment.id, stepId: step.id }, at, {
    key: stepJobKey(enrolment.id, step.id),
    runAt: due,
    maxAttempts: STEP_JOB_MAX_ATTEMPTS,
  })
}

/**
 * After a step is carried out: starts the next step of the linear flow, or finishes the enrolment when
 * none is left. Later steps are timed from now, so a late step shifts the rest instead of bunching them.
 */
export async function advance(
  db: Executor,
  sequence: Sequence,
  enrolment: Pick<EnrolmentRow, 'id' | 'time_zone' | 'lead_id'>,
  afterStepId: string,
  at: Date,
): Promise<void> {
  const skip = branchTargets(sequence)
  const index = sequence.steps.findIndex((s) => s.id === afterStepId)
  // A branch target ends its branch: the linear flow has moved on without it.
  const next = skip.has(afterStepId) ? undefined : sequence.steps.slice(index + 1).find((s) => !skip.has(s.id))
  if (next) {
    await scheduleStep(db, sequence, enrolment, next, at)
    return
  }
  if (skip.has(afterStepId)) return
  const finished = await sequencesRepository.updateEnrolment(
    db,
    enrolment.id,
    { state: 'finished', updated_at: at.getTime() },
    ['active', 'paused'],
  )
  if (finished)
    await leadsRepository.addTimeline(db, enrolment.lead_id, 'sequence-finished', at.getTime(), sequence.name)
}
