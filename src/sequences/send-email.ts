import type { SendContext, SenderOutcome } from '../channels/index.js'
import { classifySmtpError } from '../channels/index.js'
import {
  type DeliveryRow,
  type Executor,
  leadsRepository,
  outcomesRepository,
  recordSpeedDurations,
  sequencesRepository,
} from '../store/index.js'
import type { SequenceRuntime } from './runtime.js'
import { advance } from './schedule-step.js'
import { unsubscribeToken } from './sequence-tokens.js'
import { stopSequence } from './stop-sequence.js'

/** A sender's answer: a channel outcome, or "not sent, and rightly so" (the sequence stopped meanwhile). */
export type { SenderOutcome } from '../channels/index.js'

/** The address's footer: CAN-SPAM's postal address and a working opt-out. */
export function complianceFooter(postalAddress: string, unsubscribeText: string, unsubscribeUrl: string): string {
  return `\n\n--\n${postalAddress}\n${unsubscribeText} ${unsubscribeUrl}\n`
}

/**
 * Sends one sequence e-mail from the owner's mailbox. The step's Message-ID is fixed before the first
 * attempt, and SMTP acceptance is recorded the moment the server says 250, before the delivery and its
 * job are settled: a worker killed in between finds the acceptance on retry and does not send again.
 */
export function createSequenceMailSender(rt: SequenceRuntime) {
  const db = rt.store.db

  return async (delivery: DeliveryRow, context: SendContext): Promise<SenderOutcome> => {
    const match = /^seq:(\d+):([a-z0-9-]+)$/.exec(delivery.idempotency_key)
    if (!match) return { kind: 'rejected', reason: `not a sequence step: ${delivery.idempotency_key}` }
    const enrolmentId = Number(match[1])
    const stepId = match[2] as string
    const enrolment = await sequencesRepository.getEnrolment(db, enrolmentId)
    const steps = enrolment ? await sequencesRepository.getSteps(db, enrolmentId) : []
    const row = steps.find((s) => s.step_id === stepId)
    if (!enrolment || !row)
      return { kind: 'rejected', reason: `sequence step ${delivery.idempotency_key} does not exist` }
    if (row.smtp_accepted_at !== null) return { kind: 'delivered', externalId: row.message_id ?? undefined }
    if (row.state !== 'due' || enrolment.state === 'stopped')
      return {
        kind: 'cancelled',
        reason: `not sent: the sequence ${enrolment.stop_reason ? `stopped (${enrolment.stop_reason})` : 'moved on'}`,
      }
    const sequence = rt.sequences.get(enrolment.sequence)
    const step = sequence?.steps.find((s) => s.id === stepId)
    const mailbox = rt.mailboxes.get(enrolment.owner_id)
    if (!sequence || step?.type !== 'email') return { kind: 'rejected', reason: 'the step is no longer configured' }
    if (!mailbox) return { kind: 'rejected', reason: `owner ${enrolment.owner_id} has no mailbox` }
    if (!enrolment.lead_email || !row.message_id) return { kind: 'rejected', reason: 'the lead has no e-mail address' }
    const suppressed = await sequencesRepository.suppression(db, enrolment.lead_email)
    if (suppressed) {
      await stopSequence(
        rt.store,
        enrolment.lead_id,
        suppressed === 'bounced' ? 'bounced' : 'unsubscribed',
        rt.clock.now().getTime(),
        'address on the suppression list',
      )
      return { kind: 'cancelled', reason: `not sent: the address is suppressed (${suppressed})` }
    }
    if (!rt.compliance.postalAddress) return { kind: 'rejected', reason: 'compliance.postalAddress is not configured' }

    // Same thread as the e-mails before it, back to the last one that started a thread.
    const thread: { messageId: string; subject: string | null }[] = []
    if (!step.newThread) {
      for (const earlier of steps.filter((s) => s.position < row.position).reverse()) {
        if (earlier.type !== 'email' || !earlier.message_id || earlier.smtp_accepted_at === null) continue
        thread.unshift({ messageId: earlier.message_id, subject: earlier.subject })
        const def = sequence.steps.find((s) => s.id === earlier.step_id)
        if (def?.type === 'email' && def.newThread) break
      }
    }
    const rootSubject = thread.find((t) => t.subject)?.subject
    const subject = row.subject ?? (rootSubject ? `Re: ${rootSubject.replace(/^re:\s*/i, '')}` : sequence.name)
    const unsubscribeUrl = `${rt.baseUrl}/unsubscribe/${unsubscribeToken(enrolment.id, await rt.key())}`
    if (context.signal.aborted) return { kind: 'retry', reason: 'sending was aborted' }
    try {
      await rt.transports.get(mailbox.smtpUrl).sendMail({
        from: mailbox.from,
        to: enrolment.lead_email,
        subject,
        text: `${row.body ?? ''}${complianceFooter(rt.compliance.postalAddress, rt.compliance.unsubscribeText, unsubscribeUrl)}`,
        messageId: row.message_id,
        ...(thread.length > 0
          ? { inReplyTo: thread.at(-1)?.messageId, references: thread.map((t) => t.messageId) }
          : {}),
        headers: {
          // RFC 8058: mail clients offer one-click unsubscribe, which POSTs to this URL.
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'X-LeadRelay-Sequence': `${sequence.name}/${step.id}`,
        },
      })
    } catch (error) {
      return classifySmtpError(error)
    }
    const now = rt.clock.now()
    const messageId = row.message_id
    // Recorded in the transaction that settles the delivery: a worker killed before it commits sends the same
    // Message-ID again on retry (the step's idempotency key); after it, the acceptance above says "sent".
    const settleWith = async (trx: Executor) => {
      await sequencesRepository.updateStep(trx, enrolment.id, stepId, {
        state: 'sent',
        smtp_accepted_at: now.getTime(),
        done_at: now.getTime(),
        subject,
      })
      // An e-mail from the owner is a contact (issue 13): the earliest contact stays the first.
      await outcomesRepository.recordFirstContact(trx, enrolment.lead_id, now.getTime())
      await recordSpeedDurations(trx, rt.store, [enrolment.lead_id])
      await leadsRepository.addTimeline(
        trx,
        enrolment.lead_id,
        'sequence-email-sent',
        now.getTime(),
        `${sequence.name}/${step.id} from ${mailbox.key} (${row.draft_source ?? 'template'})`,
      )
      await advance(trx, sequence, enrolment, stepId, now)
    }
    return { kind: 'delivered', externalId: messageId, settleWith }
  }
}
export type SequenceMailSender = ReturnType<typeof createSequenceMailSender>
