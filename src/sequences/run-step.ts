import type { JobContext, JobHandler, JobOutcome } from '../jobs/index.js'
import { localTime, startOfLocalDay } from '../routing/index.js'
import {
  deliveriesRepository,
  type EnrolmentRow,
  type LeadRow,
  leadsRepository,
  type StepRow,
  sequencesRepository,
} from '../store/index.js'
import type { EmailStep, Sequence } from './config-schema.js'
import { attemptEmail, composeEmail, queueEmail } from './queue-email.js'
import { type SequenceRuntime, timeline } from './runtime.js'
import { advance, stepJobKey } from './schedule-step.js'
import { nextSendTime } from './send-window.js'
import { type StopReason, stopSequence } from './stop-sequence.js'
import { queueNotice, runTask } from './task-step.js'

const DONE: JobOutcome = { kind: 'done' }

/**
 * Runs one step when its job comes due: checks that the sequence should still go on (stops, pauses,
 * acknowledgement), then waits out the send window and the mailbox's throttle, then carries the step out.
 */
export function createStepHandler(
  rt: SequenceRuntime,
  /** The deliver job's handler for sequence deliveries: the step job makes its e-mail's first attempt. */
  deliver: JobHandler<'deliver'>,
): JobHandler<'sequence-step'> {
  const db = rt.store.db

  async function stop(leadId: string, reason: StopReason, detail?: string): Promise<JobOutcome> {
    await stopSequence(rt.store, leadId, reason, rt.clock.now().getTime(), detail)
    return DONE
  }

  return async ({ enrolmentId, stepId }, ctx) => {
    const enrolment = await sequencesRepository.getEnrolment(db, enrolmentId)
    const row = enrolment && (await sequencesRepository.getStep(db, enrolmentId, stepId))
    if (row?.type === 'email' && row.state !== 'pending') {
      // Queued by this job before a crash: its delivery has no job of its own, so the attempt is still ours
      // (a stopped sequence's delivery is muted by the sender, not left pending).
      const delivery = await deliveriesRepository.getDeliveryByKey(db, stepJobKey(enrolmentId, stepId))
      if (delivery && delivery.job_id === null && (delivery.state === 'pending' || delivery.state === 'sending'))
        return attemptEmail(rt, deliver, delivery.id, ctx)
    }
    if (!enrolment || !row || (row.state !== 'pending' && row.state !== 'due')) return DONE
    if (enrolment.state === 'stopped') return DONE
    const sequence = rt.sequences.get(enrolment.sequence)
    const step = sequence?.steps.find((s) => s.id === stepId)
    if (!sequence || !step) return stop(enrolment.lead_id, 'sequence removed', `${enrolment.sequence}/${stepId}`)
    const lead = await leadsRepository.getLead(db, enrolment.lead_id)
    if (!lead || lead.status === 'deleted') return stop(enrolment.lead_id, 'lead deleted')
    if (sequence.stopOn.includes('acknowledged') && lead.acked_at !== null)
      return stop(enrolment.lead_id, 'acknowledged', `by ${lead.acked_by ?? 'someone'}`)
    const now = rt.clock.now()
    if (enrolment.paused_until !== null && enrolment.paused_until > now.getTime()) {
      return { kind: 'retry', reason: 'paused (out of office)', notBefore: new Date(enrolment.paused_until) }
    }
    if (enrolment.state === 'paused') {
      await sequencesRepository.updateEnrolment(db, enrolment.id, {
        state: 'active',
        paused_until: null,
        updated_at: now.getTime(),
      })
      await timeline(rt, lead.id, 'sequence-resumed', sequence.name)
    }

    switch (step.type) {
      case 'wait':
        await rt.store.db.transaction().execute(async (trx) => {
          if (
            await sequencesRepository.updateStep(
              trx,
              enrolment.id,
              step.id,
              { state: 'done', done_at: now.getTime() },
              ['pending'],
            )
          )
            await advance(trx, sequence, enrolment, step.id, now)
        })
        rt.store.notifyJobs()
        return DONE
      case 'task':
        await runTask(rt, sequence, step, enrolment, lead, now)
        return DONE
      case 'email':
        return runEmail(rt, deliver, ctx, sequence, step, enrolment, row, lead, now)
    }
  }
}

async function skipStep(
  rt: SequenceRuntime,
  sequence: Sequence,
  enrolment: EnrolmentRow,
  stepId: string,
  why: string,
  now: Date,
): Promise<JobOutcome> {
  await rt.store.db.transaction().execute(async (trx) => {
    await sequencesRepository.updateStep(
      trx,
      enrolment.id,
      stepId,
      { state: 'skipped', done_at: now.getTime(), detail: why },
      ['pending', 'due'],
    )
    await leadsRepository.addTimeline(
      trx,
      enrolment.lead_id,
      'sequence-step-skipped',
      now.getTime(),
      `${stepId}: ${why}`,
    )
    await advance(trx, sequence, enrolment, stepId, now)
  })
  rt.store.notifyJobs()
  return DONE
}

async function runEmail(
  rt: SequenceRuntime,
  deliver: JobHandler<'deliver'>,
  ctx: JobContext,
  sequence: Sequence,
  step: EmailStep,
  enrolment: EnrolmentRow,
  row: StepRow,
  lead: LeadRow,
  now: Date,
): Promise<JobOutcome> {
  const db = rt.store.db
  if (row.state === 'due') return DONE // queued for delivery already: its deliver job owns it now
  if (!enrolment.lead_email) return skipStep(rt, sequence, enrolment, step.id, 'the lead gave no e-mail address', now)
  const suppressed = await sequencesRepository.suppression(db, enrolment.lead_email)
  if (suppressed) {
    await stopSequence(
      rt.store,
      lead.id,
      suppressed === 'bounced' ? 'bounced' : 'unsubscribed',
      now.getTime(),
      'address on the suppression list',
    )
    return DONE
  }
  const mailbox = rt.mailboxes.get(enrolment.owner_id)
  if (!mailbox) return skipStep(rt, sequence, enrolment, step.id, `owner ${enrolment.owner_id} has no mailbox`, now)

  const opens = nextSendTime(now, sequence.sendWindow, enrolment.time_zone)
  if (opens.getTime() > now.getTime()) {
    await sequencesRepository.updateStep(db, enrolment.id, step.id, { due_at: opens.getTime() }, ['pending'])
    return { kind: 'retry', reason: 'outside the send window', notBefore: opens }
  }

  // A draft waiting for approval was composed already; an approved one carries its (maybe edited) text.
  const approved = row.draft_source === 'llm-approved' || row.draft_source === 'edited'
  const email = approved
    ? {
        subject: row.subject,
        body: row.body ?? '',
        source: row.draft_source as string,
        model: row.draft_model,
        promptVersion: row.prompt_version,
      }
    : await composeEmail(rt, sequence, step, enrolment, lead)
  if (!approved && email.source === 'llm' && step.approve) {
    await rt.store.db.transaction().execute(async (trx) => {
      await sequencesRepository.updateStep(
        trx,
        enrolment.id,
        step.id,
        {
          state: 'awaiting-approval',
          subject: email.subject,
          body: email.body,
          draft_source: 'llm',
          draft_model: email.model,
          prompt_version: email.promptVersion,
        },
        ['pending'],
      )
      await leadsRepository.addTimeline(
        trx,
        lead.id,
        'sequence-draft-ready',
        now.getTime(),
        `${step.id}: drafted by ${email.model}; waiting for ${enrolment.owner_id} to review`,
      )
      await queueNotice(rt, trx, enrolment, `review:${enrolment.id}:${step.id}`, now)
    })
    return DONE
  }

  const ownerZone = rt.team?.members.find((m) => m.id === enrolment.owner_id)?.timeZone ?? enrolment.time_zone
  const queued = await queueEmail(rt, step, enrolment, mailbox, email, now, {
    now: now.getTime(),
    day: localDay(now, ownerZone),
    gapMs: mailbox.minGapSeconds * 1000,
    dailyLimit: mailbox.dailyLimit,
  })
  if (queued.kind === 'throttled') {
    const at =
      queued.why === 'gap'
        ? new Date(queued.at as number)
        : new Date(startOfLocalDay(new Date(now.getTime() + 86_400_000), ownerZone).getTime())
    return { kind: 'retry', reason: `mailbox ${queued.why === 'gap' ? 'minimum gap' : 'daily limit'}`, notBefore: at }
  }
  return queued.deliveryId === undefined ? DONE : attemptEmail(rt, deliver, queued.deliveryId, ctx)
}

function localDay(at: Date, timeZone: string): string {
  const midnight = startOfLocalDay(at, timeZone)
  return `${midnight.toISOString().slice(0, 10)}/${localTime(midnight, timeZone).weekday}`
}
