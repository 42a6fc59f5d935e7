import { createHash } from 'node:crypto'
import nodemailer from 'nodemailer'
import type { Channel, DeliveryOutcome, LeadAlert, OpsMessage, SendContext } from './channel.js'
import { classifySmtpError } from './classify-smtp-error.js'
import { DEFAULT_TIMEOUT_MS } from './post-json.js'
import { createEmailTemplates, type EmailTemplateSources, type EmailTemplates, TemplateError } from './templates.js'

export interface EmailChannelOptions {
  readonly name: string
  /** `smtp://user:pass@host:587` or `smtps://…:465`; query parameters become nodemailer options. */
  readonly smtpUrl: string
  readonly from: string
  readonly to: readonly string[]
  /** Also send to the lead's owner, when the owner has an e-mail address. */
  readonly toOwner?: boolean
  /** Liquid sources to override the defaults, or templates built already. */
  readonly templates?: EmailTemplateSources | EmailTemplates
  readonly sendTestLeads: boolean
  /** Connection, greeting and socket timeouts; 15 s by default. */
  readonly timeoutMs?: number
  /** Keep SMTP connections open between alerts (default true). */
  readonly pool?: boolean
}

export interface EmailChannel extends Channel {
  /** Ends pooled SMTP connections. */
  close(): void
}

/** The idempotency key as a Message-ID: the same on every attempt, so repeats can be recognised. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'leadrelay.invalid'
  const local = /^[A-Za-z0-9_.-]{1,64}$/.test(idempotencyKey)
    ? idempotencyKey
    : createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)
  return `<${local}@${domain}>`
}

/** E-mail alerts over SMTP: multipart text and HTML from liquid templates, one message per alert. */
export function createEmailChannel(options: EmailChannelOptions): EmailChannel {
  const templates =
    options.templates && 'render' in options.templates
      ? (options.templates as EmailTemplates)
      : createEmailTemplates(options.templates as EmailTemplateSources | undefined)
  const timeoutMs = String(options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  const url = new URL(options.smtpUrl)
  for (const [key, value] of [
    ['pool', String(options.pool ?? true)],
    ['connectionTimeout', timeoutMs],
    ['greetingTimeout', timeoutMs],
    ['socketTimeout', timeoutMs],
  ] as const) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, value)
  }
  const transport = nodemailer.createTransport(url.toString())

  function recipients(alert: LeadAlert): string[] {
    const all = [...options.to]
    if (options.toOwner && alert.owner?.email) all.push(alert.owner.email)
    return [...new Set(all.map((a) => a.trim()).filter(Boolean))]
  }

  async function send(alert: LeadAlert, context: SendContext): Promise<DeliveryOutcome> {
    const to = recipients(alert)
    if (to.length === 0) return { kind: 'rejected', reason: 'no e-mail recipients (and the owner has no address)' }
    let rendered: ReturnType<EmailTemplates['render']>
    try {
      rendered = templates.render(alert)
    } catch (error) {
      if (error instanceof TemplateError) return { kind: 'rejected', reason: error.message }
      throw error
    }
    // nodemailer cannot abort a send in flight; we can at least not start one during shutdown.
    if (context.signal.aborted) return { kind: 'retry', reason: 'sending was aborted' }
    try {
      const info = await transport.sendMail({
        from: options.from,
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: messageIdFor(context.idempotencyKey, options.from),
        priority: alert.priority === 'hot' ? 'high' : 'normal',
        headers: { 'X-LeadRelay-Idempotency-Key': context.idempotencyKey, 'X-LeadRelay-Lead-Id': alert.leadId },
      })
      return { kind: 'delivered', externalId: info.messageId }
    } catch (error) {
      return classifySmtpError(error)
    }
  }

  async function sendOps(message: OpsMessage, context: SendContext): Promise<DeliveryOutcome> {
    if (options.to.length === 0) return { kind: 'rejected', reason: 'no e-mail recipients' }
    if (context.signal.aborted) return { kind: 'retry', reason: 'sending was aborted' }
    const text = `LeadRelay: ${message.text}`
    try {
      const info = await transport.sendMail({
        from: options.from,
        to: [...options.to],
        subject: text.slice(0, 120),
        text,
        messageId: messageIdFor(context.idempotencyKey, options.from),
        headers: { 'X-LeadRelay-Idempotency-Key': context.idempotencyKey },
      })
      return { kind: 'delivered', externalId: info.messageId }
    } catch (error) {
      return classifySmtpError(error)
    }
  }

  return {
    name: options.name,
    type: 'email',
    sendTestLeads: options.sendTestLeads,
    send,
    sendOps,
    close: () => transport.close(),
  }
}
