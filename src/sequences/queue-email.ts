import { enqueue, type JobContext, type JobHandler, type JobOutcome } from '../jobs/index.js'
import {
  deliveriesRepository,
  type EnrolmentRow,
  type LeadRow,
  leadsRepository,
  sequencesRepository,
} from '../store/index.js'
import type { EmailStep, Sequence } from './config-schema.js'
import type { ResolvedMailbox } from './mailboxes.js'
import { type SequenceRuntime, variablesFor } from './runtime.js'
import { stepJobKey } from './schedule-step.js'
import { stepMessageId } from './sequence-tokens.js'

/** The delivery channel every sequence e-mail leaves through (one sender, many mailboxes). */
export const SEQUENCE_MAIL_CHANNEL = 'sequence-mail'
/** Deliver jobs wait for nothing but SMTP retries; the delivery's attempts are what count. */
const DELIVER_JOB_MAX_ATTEMPTS = 60

export interface ComposedEmail {
  /** Null: "Re: " + the thread's subject. */
  readonly subject: string | null
  readonly body: string
  /** template | llm | llm-approved | edited */
  readonly source: string
  readonly model: string | null
  readonly promptVersion: string | null
}

/**
 * The step's subject and body: from the language model when the step asks for a draft and `llm` is
 * configured, else (and whenever the model fails) from the step's Liquid templates.
 */
export async function composeEmail(
  rt: SequenceRuntime,
  sequence: Sequence,
  step: EmailStep,
  enrolment: EnrolmentRow,
  lead: LeadRow,
): Promise<ComposedEmail> {
  const variables = variablesFor(rt, lead, enrolment.owner_id, sequence.name)
  const template = (): ComposedEmail => ({
    subject: rt.templates.render(sequence.name, step.id, 'subject', variables)?.replace(/\s+/g, ' ').trim() ?? null,
    body: rt.templates.render(sequence.name, step.id, 'body', variables) ?? '',
    source: 'template',
    model: null,
    promptVersion: null,
  })
  if (step.draft !== 'llm') return template()
  if (!rt.llm) {
    // No personal data goes to a language model unless one is configured.
    await leadsRepository.addTimeline(
      rt.store.db,
      lead.id,
      'sequence-draft-fallback',
      rt.clock.now().getTime(),
      `${step.id}: no language model configured (llm); the template is used`,
    )
    return template()
  }
  const drafted = await rt.llm.draft({ brief: step.brief ?? '', variables })
  if (drafted.ok) {
    return {
      subject: drafted.subject,
      body: drafted.body,
      source: 'llm',
      model: drafted.model,
      promptVersion: drafted.promptVersion,
    }
  }
  await leadsRepository.addTimeline(
    rt.store.db,
    lead.id,
    'sequence-draft-fallback',
    rt.clock.now().getTime(),
    `${step.id}: the language model failed (${drafted.reason}); the template is used`,
  )
  return template()
}

export type QueuedEmail =
  /** The delivery to attempt now (undefined: the step had moved on already). */
  | { readonly kind: 'queued'; readonly deliveryId: number | undefined }
  /** The mailbox's throttle: nothing was written. */
  | { readonly kind: 'throttled'; readonly why: 'gap' | 'daily-limit'; readonly at?: number | undefined }

/**
 * Hands the e-mail to the delivery path in one transaction: the mailbox's send slot is taken, the step becomes
 * `due` with its text and Message-ID, and its delivery is created. The step job makes the first attempt itself
 * (see run-step.ts); retries, dead letters and replay are the delivery's, as for any delivery.
 */
export async function queueEmail(
  rt: SequenceRuntime,
  step: EmailStep,
  enrolment: EnrolmentRow,
  mailbox: ResolvedMailbox,
  email: ComposedEmail,
  now: Date,
  slot: Parameters<typeof sequencesRepository.claimMailboxSlot>[2],
): Promise<QueuedEmail> {
  const key = stepJobKey(enrolment.id, step.id)
  const messageId = stepMessageId(key, await rt.key(), mailbox.address)
  const at = now.getTime()
  return rt.store.db.transaction().execute(async (trx): Promise<QueuedEmail> => {
    const claimed = await sequencesRepository.claimMailboxSlot(trx, mailbox.key, slot)
    if (!claimed.ok) return { kind: 'throttled', why: claimed.why, at: claimed.at }
    const moved = await sequencesRepository.updateStep(
      trx,
      enrolment.id,
      step.id,
      {
        state: 'due',
        due_at: at,
        subject: email.subject,
        body: email.body,
        message_id: messageId,
        draft_source: email.source,
        draft_model: email.model,
        prompt_version: email.promptVersion,
      },
      ['pending'],
    )
    if (!moved) return { kind: 'queued', deliveryId: undefined }
    const deliveryId = await deliveriesRepository.createDelivery(trx, {
      leadId: enrolment.lead_id,
      channel: SEQUENCE_MAIL_CHANNEL,
      kind: 'sequence-email',
      key,
      state: 'pending',
      at,
    })
    return { kind: 'queued', deliveryId }
  })
}

/**
 * The first attempt of a step's e-mail, made by the step job that queued it (no round trip through the queue),
 * or again by that job after a crash: a delivery with no job of its own is still the step job's. A retry is
 * handed to a deliver job of its own, at the time the delivery's schedule says.
 */
export async function attemptEmail(
  rt: SequenceRuntime,
  deliver: JobHandler<'deliver'>,
  deliveryId: number,
  ctx: JobContext,
): Promise<JobOutcome> {
  const outcome = await deliver({ deliveryId }, ctx)
  if (outcome.kind === 'retry') {
    await enqueue(rt.store.db, 'deliver', { deliveryId }, rt.clock.now(), {
      key: `deliver:${deliveryId}`,
      maxAttempts: DELIVER_JOB_MAX_ATTEMPTS,
      ...(outcome.notBefore ? { runAt: outcome.notBefore } : {}),
    })
    rt.store.notifyJobs()
  }
  // A dead letter is the delivery's (Deliveries shows and replays it), not the step job's.
  return { kind: 'done' }
}
