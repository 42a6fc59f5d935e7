import type { DeliveryRow } from '../store/index.js'
import { leadsRepository, sequencesRepository } from '../store/index.js'
import { DEFAULT_OUTCOMES } from './config-schema.js'
import type { SequenceRuntime } from './runtime.js'
import type { SenderOutcome } from './send-email.js'
import { noticeMessage } from './slack-actions.js'

/**
 * Tells the owner by Slack DM about a task (`seq:<enrolment>:<step>`) or a draft to review
 * (`review:<enrolment>:<step>`), with a link to the lead in LeadRelay where it is done, approved or skipped.
 */
export function createSequenceNoticeSender(rt: SequenceRuntime) {
  return async (delivery: DeliveryRow, context: Parameters<NonNullable<SequenceRuntime['slackDm']>>[2]) => {
    const match = /^(seq|review):(\d+):([a-z0-9-]+)$/.exec(delivery.idempotency_key)
    if (!match || !rt.slackDm) return { kind: 'rejected', reason: 'no Slack bot token for notices' } as SenderOutcome
    const enrolment = await sequencesRepository.getEnrolment(rt.store.db, Number(match[2]))
    const step = enrolment && (await sequencesRepository.getStep(rt.store.db, enrolment.id, match[3] as string))
    if (!enrolment || !step) return { kind: 'rejected', reason: `no step ${delivery.idempotency_key}` } as SenderOutcome
    const open = match[1] === 'review' ? step.state === 'awaiting-approval' : step.state === 'due'
    if (!open || enrolment.state === 'stopped')
      return { kind: 'cancelled', reason: 'not sent: the step is no longer open' } as SenderOutcome
    const owner = rt.team?.members.find((m) => m.id === enrolment.owner_id)
    if (!owner?.slackUserId) return { kind: 'rejected', reason: 'the owner has no Slack user id' } as SenderOutcome
    const lead = await leadsRepository.getLead(rt.store.db, enrolment.lead_id)
    const fields = JSON.parse(lead?.fields ?? '{}') as Record<string, string | null>
    const who = [fields.firstName, fields.lastName].filter(Boolean).join(' ') || `lead ${enrolment.lead_id}`
    const link = `${rt.baseUrl}/leads/${encodeURIComponent(enrolment.lead_id)}`
    const text =
      match[1] === 'review'
        ? `Review draft for ${who}: "${step.subject ?? ''}"\n\n${step.body ?? ''}\n\nApprove, edit or skip: ${link}`
        : `${step.subject ?? 'Task'} (${who})${step.body ? `\n\nDrafted message:\n${step.body}` : ''}\n\nMark done: ${link}`
    const sequence = rt.sequences.get(enrolment.sequence)
    const def = sequence?.steps.find((s) => s.id === step.step_id)
    const outcomes = def?.type === 'task' ? (def.outcomes ?? DEFAULT_OUTCOMES[def.task]) : []
    const kind = match[1] === 'review' ? 'review' : 'task'
    return rt.slackDm(owner.slackUserId, noticeMessage(text, enrolment.lead_id, step.step_id, kind, outcomes), context)
  }
}
