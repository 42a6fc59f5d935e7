import { enqueue } from '../jobs/index.js'
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

/**
 * Hands the e-mail to the delivery path in one transaction: the step becomes `due` with its text and
 * Message-ID, and a delivery with its job is queued (retries, dead letters and replay as for any delivery).
 */
export async function queueEmail(
  rt: SequenceRuntime,
  step: EmailStep,
  enrolment: EnrolmentRow,
  mailbox: ResolvedMailbox,
  email: ComposedEmail,
  now: Date,
): Promise<void> {
  const key = stepJobKey(enrolment.id, step.id)
  const messageId = stepMessageId(key, await rt.key(), mailbox.address)
  const at = now.getTime()
  await rt.store.db.transaction().execute(async (trx) => {
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
    if (!moved) return
    const id = await deliveriesRepository.createDelivery(trx, {
      leadId: enrolment.lead_id,
      channel: SEQUENCE_MAIL_CHANNEL,
      kind: 'sequence-email',
      key,
      state: 'pending',
      at,
    })
    if (id !== undefined)
      await enqueue(trx, 'deliver', { deliveryId: id }, now, {
        key: `deliver:${id}`,
        maxAttempts: DELIVER_JOB_MAX_ATTEMPTS,
      })
  })
  rt.store.notifyJobs()
}
