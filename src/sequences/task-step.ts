import { enqueue } from '../jobs/index.js'
import {
  deliveriesRepository,
  type EnrolmentRow,
  type LeadRow,
  leadsRepository,
  sequencesRepository,
} from '../store/index.js'
import { DEFAULT_OUTCOMES, type Sequence, type TaskStep } from './config-schema.js'
import { queueCrmTasks } from './crm-task.js'
import { type SequenceRuntime, variablesFor } from './runtime.js'
import { advance, scheduleStep, stepJobKey } from './schedule-step.js'

/** The delivery channel task notices and draft reviews go through (Slack DM to the owner). */
export const SEQUENCE_NOTICE_CHANNEL = 'sequence-notice'

const TASK_LABELS = {
  call: 'Call',
  'linkedin-connect': 'LinkedIn connection request',
  'linkedin-message': 'LinkedIn message',
  custom: 'Task',
} as const

/** Queues a notice to the owner (task or draft review) through the delivery path, when Slack DMs are set up. */
export async function queueNotice(
  rt: SequenceRuntime,
  db: Parameters<typeof enqueue>[0],
  enrolment: Pick<EnrolmentRow, 'lead_id' | 'owner_id'>,
  /** `seq:<enrolment>:<step>` for a task, `review:<enrolment>:<step>` for a draft to review. */
  key: string,
  now: Date,
): Promise<void> {
  const owner = rt.team?.members.find((m) => m.id === enrolment.owner_id)
  if (!rt.slackDm || !owner?.slackUserId) return
  const id = await deliveriesRepository.createDelivery(db, {
    leadId: enrolment.lead_id,
    channel: SEQUENCE_NOTICE_CHANNEL,
    kind: 'sequence-notice',
    key,
    state: 'pending',
    at: now.getTime(),
  })
  if (id !== undefined) await enqueue(db, 'deliver', { deliveryId: id }, now, { key: `deliver:${id}`, maxAttempts: 60 })
}

/**
 * A task for the rep (LinkedIn has no API for connection requests or messages, and forbids automating them):
 * the text and drafted message are stored, the owner is told, and the sequence moves on.
 */
export async function runTask(
  rt: SequenceRuntime,
  sequence: Sequence,
  step: TaskStep,
  enrolment: EnrolmentRow,
  lead: LeadRow,
  now: Date,
): Promise<void> {
  const variables = variablesFor(rt, lead, enrolment.owner_id, sequence.name)
  const text = rt.templates.render(sequence.name, step.id, 'text', variables) ?? ''
  const message = rt.templates.render(sequence.name, step.id, 'message', variables) ?? null
  await rt.store.db.transaction().execute(async (trx) => {
    const moved = await sequencesRepository.updateStep(
      trx,
      enrolment.id,
      step.id,
      { state: 'due', due_at: now.getTime(), subject: text, body: message, draft_source: 'template' },
      ['pending'],
    )
    if (!moved) return
    await leadsRepository.addTimeline(
      trx,
      lead.id,
      'sequence-task',
      now.getTime(),
      `${step.id}: ${TASK_LABELS[step.task]} for ${enrolment.owner_id}`,
    )
    await queueNotice(rt, trx, enrolment, stepJobKey(enrolment.id, step.id), now)
    await queueCrmTasks(rt, trx, enrolment, stepJobKey(enrolment.id, step.id), 'sequence-task', now)
    await advance(trx, sequence, enrolment, step.id, now)
  })
  rt.store.notifyJobs()
}

export type TaskDoneResult =
  | { readonly kind: 'done'; readonly started?: string }
  | { readonly kind: 'not-found' | 'not-open' }
  | { readonly kind: 'bad-outcome'; readonly allowed: readonly string[] }

/** The rep did the task, with an outcome; `next: { outcome: step }` starts that step at once. */
export async function completeTask(
  rt: SequenceRuntime,
  leadId: string,
  stepId: string,
  outcome: string,
  by: string,
): Promise<TaskDoneResult> {
  const now = rt.clock.now()
  const result = await rt.store.db.transaction().execute(async (trx): Promise<TaskDoneResult> => {
    const enrolment = await sequencesRepository.getEnrolmentByLead(trx, leadId)
    const sequence = enrolment && rt.sequences.get(enrolment.sequence)
    const step = sequence?.steps.find((s) => s.id === stepId)
    if (!enrolment || !sequence || step?.type !== 'task') return { kind: 'not-found' }
    const allowed = step.outcomes ?? DEFAULT_OUTCOMES[step.task]
    if (!allowed.includes(outcome)) return { kind: 'bad-outcome', allowed }
    const closed = await sequencesRepository.updateStep(
      trx,
      enrolment.id,
      stepId,
      { state: 'done', done_at: now.getTime(), outcome },
      ['due'],
    )
    if (!closed) return { kind: 'not-open' }
    await leadsRepository.addTimeline(trx, leadId, 'sequence-task-done', now.getTime(), `${stepId}: ${outcome} (${by})`)
    await queueCrmTasks(rt, trx, enrolment, stepJobKey(enrolment.id, stepId), 'sequence-task-done', now)
    const target = step.next?.[outcome]
    const branch = target ? sequence.steps.find((s) => s.id === target) : undefined
    if (!branch || enrolment.state === 'stopped') return { kind: 'done' }
    await sequencesRepository.updateEnrolment(trx, enrolment.id, { state: 'active', updated_at: now.getTime() }, [
      'finished',
    ])
    await scheduleStep(trx, sequence, enrolment, branch, now)
    return { kind: 'done', started: branch.id }
  })
  rt.store.notifyJobs()
  return result
}
