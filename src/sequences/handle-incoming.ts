import type { ParsedMail } from 'mailparser'
import { startOfLocalDay } from '../routing/index.js'
import { type EnrolmentRow, leadsRepository, sequencesRepository } from '../store/index.js'
import { classifyMessage, type IncomingKind, returnDate } from './classify-message.js'
import type { SequenceRuntime } from './runtime.js'
import { stopInTransaction } from './stop-sequence.js'

export type IncomingResult = 'unmatched' | 'duplicate' | IncomingKind['kind']

const MAX_PAUSE_MS = 60 * 86_400_000
/** Clocks differ: a reply dated a little before enrolment is still taken as one. */
const SENDER_MATCH_SKEW_MS = 10 * 60_000

function messageIds(text: string | string[] | undefined): string[] {
  const joined = Array.isArray(text) ? text.join(' ') : (text ?? '')
  return [...joined.matchAll(/<[^<>\s]+>/g)].map((m) => m[0])
}

/**
 * Applies one message from a rep's INBOX to the sequence it answers: matched by one of our Message-IDs in
 * In-Reply-To/References (for a bounce, in the returned headers), else by the sender being the lead.
 * A reply stops the sequence, an out-of-office pauses it, a permanent bounce stops it and suppresses the
 * address, and other automatic replies are only recorded. Idempotent per (mailbox, Message-ID).
 */
export async function handleIncoming(
  rt: SequenceRuntime,
  mailbox: { readonly key: string; readonly ownerIds: readonly string[] },
  mail: ParsedMail,
  raw: string,
): Promise<IncomingResult> {
  const db = rt.store.db
  const kind = classifyMessage(mail, raw)
  const referenced =
    kind.kind === 'bounce'
      ? messageIds(raw.split(/\r?\n/).filter((l) => /^(message-id|in-reply-to|references):/i.test(l)))
      : [...messageIds(mail.inReplyTo), ...messageIds(mail.references)]
  const steps = await sequencesRepository.stepsByMessageIds(db, referenced)
  let enrolment: EnrolmentRow | undefined
  const matched = steps.find((s) => mailbox.ownerIds.includes(s.owner_id)) ?? steps[0]
  if (matched) enrolment = await sequencesRepository.getEnrolment(db, Number(matched.enrolment_id))
  const sender = mail.from?.value[0]?.address?.toLowerCase()
  const candidates = kind.kind === 'bounce' ? kind.recipients : sender ? [sender] : []
  for (const address of candidates) {
    if (enrolment) break
    const found = await sequencesRepository.enrolmentByLeadEmail(db, mailbox.ownerIds, address)
    // Matched by sender only: mail the lead wrote before the sequence began answers nothing of it.
    const written = mail.date?.getTime()
    if (found && (written === undefined || written >= Number(found.enrolled_at) - SENDER_MATCH_SKEW_MS))
      enrolment = found
  }
  if (!enrolment) return 'unmatched'

  const now = rt.clock.now()
  const at = now.getTime()
  const ownId = mail.messageId ?? `<no-id-${at}-${referenced.join('')}>`
  const found = enrolment
  return rt.store.db.transaction().execute(async (trx): Promise<IncomingResult> => {
    const inserted = await sequencesRepository.insertReply(trx, {
      enrolment_id: found.id,
      lead_id: found.lead_id,
      mailbox: mailbox.key,
      message_id: ownId,
      kind: kind.kind,
      from_address: sender ?? null,
      subject: mail.subject?.slice(0, 200) ?? null,
      snippet: snippet(mail.text),
      received_at: (mail.date?.getTime() ?? at) > at + 60_000 ? at : (mail.date?.getTime() ?? at),
    })
    if (!inserted) return 'duplicate'
    const lead = found.lead_id
    switch (kind.kind) {
      case 'reply':
        await leadsRepository.addTimeline(trx, lead, 'sequence-reply', at, `reply in ${mailbox.key}'s inbox`)
        await stopInTransaction(trx, lead, 'replied', at)
        break
      case 'auto-reply':
        await leadsRepository.addTimeline(
          trx,
          lead,
          'sequence-auto-reply',
          at,
          'automatic reply (RFC 3834): the sequence goes on',
        )
        break
      case 'out-of-office': {
        const sequence = rt.sequences.get(found.sequence)
        const until = pauseUntil(mail, found.time_zone, now, sequence?.outOfOfficeDays ?? 3)
        const paused = await sequencesRepository.updateEnrolment(
          trx,
          found.id,
          { state: 'paused', paused_until: until.getTime(), updated_at: at },
          ['active', 'paused'],
        )
        if (paused)
          await leadsRepository.addTimeline(
            trx,
            lead,
            'sequence-paused',
            at,
            `out of office until ${until.toISOString()}`,
          )
        break
      }
      case 'bounce':
        if (!kind.permanent) {
          await leadsRepository.addTimeline(
            trx,
            lead,
            'sequence-bounce',
            at,
            `temporary delivery failure (${kind.status ?? 'no status'})`,
          )
          break
        }
        for (const address of new Set([...(found.lead_email ? [found.lead_email] : []), ...kind.recipients]))
          await sequencesRepository.suppress(trx, address, 'bounced', at)
        await stopInTransaction(trx, lead, 'bounced', at, `permanent failure ${kind.status ?? ''}`.trim())
        break
    }
    return kind.kind
  })
}

function pauseUntil(mail: ParsedMail, timeZone: string, now: Date, defaultDays: number): Date {
  const fallback = new Date(now.getTime() + defaultDays * 86_400_000)
  const stated = returnDate(`${mail.subject ?? ''}\n${mail.text ?? ''}`)
  if (!stated) return fallback
  const thisYear = Number(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(now))
  for (const year of stated.yearGiven ? [stated.year] : [thisYear, thisYear + 1]) {
    const day = startOfLocalDay(new Date(Date.UTC(year, stated.month - 1, stated.day, 12)), timeZone)
    if (day.getTime() > now.getTime() && day.getTime() - now.getTime() <= MAX_PAUSE_MS) return day
  }
  return fallback
}

/** The start of what they wrote, without the quoted thread below it. */
function snippet(text: string | undefined): string | null {
  if (!text) return null
  const own = text.split(/\r?\n(?:On .{5,200} wrote:|-{2,} ?Original Message|>)/)[0] ?? text
  return own.replace(/\s+/g, ' ').trim().slice(0, 280) || null
}
