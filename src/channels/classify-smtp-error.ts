import type { DeliveryOutcome } from './channel.js'

interface SmtpError {
  readonly code?: string
  readonly responseCode?: number
  readonly permanent?: boolean
  readonly command?: string
}

// Failures of configuration or of the message itself: sending the same thing again will fail the same way.
const PERMANENT_CODES = new Set([
  'EAUTH',
  'ENOAUTH',
  'EOAUTH2',
  'ECONFIG',
  'EENVELOPE',
  'EMESSAGE',
  'EMAXRECIPIENTS',
  'EREQUIRETLS',
])

/**
 * SMTP replies follow RFC 5321: 4yz is transient (retry), 5yz permanent (rejected), except 503 (bad sequence),
 * which nodemailer also treats as transient. Errors without a reply (refused, reset, timed out) are retried.
 * The reason carries codes only: server texts often quote the recipient's address.
 */
export function classifySmtpError(error: unknown): DeliveryOutcome {
  const err = (error ?? {}) as SmtpError
  const where = err.command ? ` after ${err.command.split(' ')[0]}` : ''
  if (typeof err.responseCode === 'number') {
    const reason = `SMTP ${err.responseCode}${where}${err.code ? ` (${err.code})` : ''}`
    const permanent = err.permanent ?? (err.responseCode >= 500 && err.responseCode !== 503)
    return permanent ? { kind: 'rejected', reason } : { kind: 'retry', reason }
  }
  if (err.code && PERMANENT_CODES.has(err.code)) return { kind: 'rejected', reason: `SMTP error ${err.code}${where}` }
  return { kind: 'retry', reason: `SMTP server unreachable or not answering (${err.code ?? 'unknown error'})` }
}
