import type { TaskToSend } from '../channels/index.js'
import { enqueue } from '../jobs/index.js'
import { type DeliveryRow, deliveriesRepository, type EnrolmentRow, sequencesRepository } from '../store/index.js'
import type { SequenceRuntime } from './runtime.js'

type Executor = Parameters<typeof enqueue>[0]

const DELIVER_JOB_MAX_ATTEMPTS = 60
/**
 * How long a task waits for a record whose delivery is being sent right now; the delivery wakes it when done
 * (wakeWaitingTasks), so this only matters when the two cross.
 */
const RECORD_WAIT_MS = 5_000
const TASK_KEY = /^seq:(\d+):([a-z0-9-]+):/

const taskKey = (stepKey: string, channel: string) => `${stepKey}:${channel}`

/**
 * Queues the task step for every CRM channel (`kind: 'sequence-task'`), or, once the rep has done it, the
 * completion of each task made (`'sequence-task-done'`), in the caller's transaction. Keyed per step and
 * channel, so a retry or a restart never queues a second task.
 */
export async function queueCrmTasks(
  rt: SequenceRuntime,
  db: Executor,
  enrolment: Pick<EnrolmentRow, 'lead_id'>,
  stepKey: string,
  kind: 'sequence-task' | 'sequence-task-done',
  now: Date,
): Promise<void> {
  for (const channel of rt.crmChannels) {
    const key = kind === 'sequence-task' ? taskKey(stepKey, channel) : `${taskKey(stepKey, channel)}:done`
    if (kind === 'sequence-task-done' && !(await deliveriesRepository.getDeliveryByKey(db, taskKey(stepKey, channel))))
      continue
    const id = await deliveriesRepository.createDelivery(db, {
      leadId: enrolment.lead_id,
      channel,
      kind,
      key,
      state: 'pending',
      at: now.getTime(),
    })
    if (id !== undefined)
      await enqueue(db, 'deliver', { deliveryId: id }, now, {
        key: `deliver:${id}`,
        maxAttempts: DELIVER_JOB_MAX_ATTEMPTS,
      })
  }
}

/**
 * What a task delivery asks of its CRM: the step's text and drafted message on the lead's record there. The
 * record is the one the lead's new-lead delivery wrote; until it has, the task waits for that delivery's next
 * attempt (a lead the CRM never got, a muted test lead, has no task there).
 */
export function createCrmTaskBuilder(rt: SequenceRuntime) {
  const db = rt.store.db

  async function waitFor(of: DeliveryRow & { next_run_at: number | null }, what: string): Promise<TaskToSend> {
    const now = rt.clock.now().getTime()
    const next = of.next_run_at !== null && of.next_run_at > now ? of.next_run_at + 1_000 : now + RECORD_WAIT_MS
    return { kind: 'wait', reason: `waiting for ${what} in ${of.channel}`, notBefore: new Date(next) }
  }

  return async (delivery: DeliveryRow): Promise<TaskToSend> => {
    const match = TASK_KEY.exec(delivery.idempotency_key)
    const enrolment = match ? await sequencesRepository.getEnrolment(db, Number(match[1])) : undefined
    const step = enrolment && (await sequencesRepository.getStep(db, enrolment.id, match?.[2] as string))
    const def = enrolment && rt.sequences.get(enrolment.sequence)?.steps.find((s) => s.id === step?.step_id)
    if (!enrolment || !step || def?.type !== 'task')
      return { kind: 'rejected', reason: `no task step for ${delivery.idempotency_key}` }
    const channel = delivery.channel
    const record = await deliveriesRepository.getDeliveryByKey(db, `${enrolment.lead_id}:${channel}:new-lead`)
    if (!record || record.state === 'muted')
      return { kind: 'cancelled', reason: `the lead has no record in ${channel} (none was written there)` }
    if (record.state === 'dead')
      return {
        kind: 'rejected',
        reason: `the lead's record in ${channel} was never written (its new-lead delivery is dead): replay that, then this`,
      }
    if (record.state !== 'delivered' || !record.external_id) return waitFor(record, 'the lead’s record')

    let created: Awaited<ReturnType<typeof deliveriesRepository.getDeliveryByKey>>
    if (delivery.kind === 'sequence-task-done') {
      created = await deliveriesRepository.getDeliveryByKey(db, delivery.idempotency_key.replace(/:done$/, ''))
      if (!created || created.state === 'dead' || created.state === 'muted')
        return { kind: 'cancelled', reason: `no task was made in ${channel} to complete` }
      if (created.state !== 'delivered') return waitFor(created, 'the task')
    } else if (enrolment.state === 'stopped' && step.state !== 'done') {
      return { kind: 'cancelled', reason: `not written: the sequence stopped (${enrolment.stop_reason ?? 'stopped'})` }
    }
    return {
      kind: 'task',
      task: {
        leadId: enrolment.lead_id,
        recordId: record.external_id,
        ownerMemberId: enrolment.owner_id,
        call: def.task === 'call',
        subject: step.subject ?? def.id,
        body: step.body,
        due: new Date(step.due_at ?? rt.clock.now().getTime()),
        status: created ? 'completed' : 'open',
        taskKey: created?.idempotency_key ?? delivery.idempotency_key,
        taskId: created?.external_id ?? null,
      },
    }
  }
}
