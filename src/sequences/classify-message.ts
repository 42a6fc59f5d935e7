import type { ParsedMail } from 'mailparser'

export type IncomingKind =
  | { readonly kind: 'reply' }
  | { readonly kind: 'auto-reply' }
  /** `returns`: the local date the sender says they are back, when the text states one. */
  | { readonly kind: 'out-of-office'; readonly returns?: { year: number; month: number; day: number } }
  | {
      readonly kind: 'bounce'
      readonly permanent: boolean
      readonly recipients: readonly string[]
      readonly status: string | null
    }

const OUT_OF_OFFICE =
  /out of (the )?office|\bOOO\b|automatic reply|auto(matic)?[- ]?(reply|response)|\baway\b|on (annual |parental |sick )?leave|vacation|holiday|abwesen|absence|absent/i

function header(mail: ParsedMail, name: string): string | undefined {
  const value = mail.headers.get(name)
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value)
  return String(value)
}

/**
 * What an incoming message is. RFC 3464 delivery reports (`multipart/report; report-type=delivery-status`)
 * are bounces, permanent when an `Action: failed` carries a 5.x.x status. RFC 3834 automatic replies
 * (`Auto-Submitted` other than `no`, `X-Autoreply`, `Precedence: auto_reply`) never count as a reply;
 * out-of-office notes are the automatic (or tell-tale) ones that say so.
 */
export function classifyMessage(mail: ParsedMail, raw: string): IncomingKind {
  const contentType = mail.headers.get('content-type') as
    | { value?: string; params?: Record<string, string> }
    | undefined
  if (
    contentType?.value?.toLowerCase() === 'multipart/report' &&
    contentType.params?.['report-type']?.toLowerCase() === 'delivery-status'
  ) {
    return deliveryReport(raw)
  }
  const autoSubmitted = header(mail, 'auto-submitted')?.trim().toLowerCase()
  const precedence = header(mail, 'precedence')?.trim().toLowerCase()
  const automatic =
    (autoSubmitted !== undefined && autoSubmitted !== 'no') ||
    header(mail, 'x-autoreply') !== undefined ||
    header(mail, 'x-autorespond') !== undefined ||
    precedence === 'auto_reply'
  const subject = mail.subject ?? ''
  const ooo = OUT_OF_OFFICE.test(subject) || (automatic && OUT_OF_OFFICE.test((mail.text ?? '').slice(0, 2000)))
  if (ooo && (automatic || /^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|ooo)\b/i.test(subject))) {
    const returns = returnDate(`${subject}\n${mail.text ?? ''}`)
    return returns ? { kind: 'out-of-office', returns } : { kind: 'out-of-office' }
  }
  if (automatic) return { kind: 'auto-reply' }
  return { kind: 'reply' }
}

function deliveryReport(raw: string): IncomingKind {
  const recipients = [...raw.matchAll(/^(?:Final|Original)-Recipient:\s*rfc822;\s*<?([^\s>]+)>?/gim)].map((m) =>
    (m[1] as string).toLowerCase(),
  )
  const failed = /^Action:\s*failed/im.test(raw)
  const status = /^Status:\s*(\d\.\d{1,3}\.\d{1,3})/im.exec(raw)?.[1] ?? null
  return {
    kind: 'bounce',
    permanent: failed && (status === null || status.startsWith('5')),
    recipients: [...new Set(recipients)],
    status,
  }
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** "back on December 8", "until 12/08/2026", "returning 2026-12-08", "return on 8 Dec"; the year may be left out. */
export function returnDate(text: string): { year: number; month: number; day: number; yearGiven: boolean } | undefined {
  const cue =
    /(?:until|till|back(?: in the office)? on|back|return(?:ing)?(?: on)?|through|thru)\s+(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?/gi
  for (const match of text.matchAll(cue)) {
    const rest = text.slice((match.index ?? 0) + match[0].length, (match.index ?? 0) + match[0].length + 40)
    const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(rest)
    if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), yearGiven: true }
    const us = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?/.exec(rest)
    if (us) return withYear(Number(us[1]), Number(us[2]), us[3])
    const named = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?/i.exec(rest)
    const monthFirst = named && MONTHS.indexOf((named[1] as string).slice(0, 3).toLowerCase())
    if (named && monthFirst !== null && monthFirst >= 0) return withYear(monthFirst + 1, Number(named[2]), named[3])
    const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?(?:,?\s+(\d{4}))?/i.exec(rest)
    const month = dayFirst && MONTHS.indexOf((dayFirst[2] as string).slice(0, 3).toLowerCase())
    if (dayFirst && month !== null && month >= 0) return withYear(month + 1, Number(dayFirst[1]), dayFirst[3])
  }
  return undefined
}

function withYear(month: number, day: number, year: string | undefined) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined
  const y = year === undefined ? 0 : year.length === 2 ? 2000 + Number(year) : Number(year)
  return { year: y, month, day, yearGiven: year !== undefined }
}
