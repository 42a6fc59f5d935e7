import nodemailer, { type Transporter } from 'nodemailer'
import type { Team, TeamMember } from '../routing/index.js'

export interface ResolvedMailbox {
  /** The member id: throttles and IMAP cursors are kept per mailbox. */
  readonly key: string
  /** `"Ann West" <ann@acme.com>`: e-mails come from the owner, not from a robot address. */
  readonly from: string
  readonly address: string
  readonly smtpUrl: string
  readonly imapUrl: string | undefined
  readonly dailyLimit: number
  readonly minGapSeconds: number
  readonly pollSeconds: number
}

export interface SharedMailbox {
  readonly smtpUrl: string
  readonly imapUrl?: string | undefined
  readonly dailyLimit: number
  readonly minGapSeconds: number
  readonly pollSeconds: number
}

/** The member's own mailbox, with SMTP/IMAP from the shared mailbox where the member gives only `from`. */
export function resolveMailbox(member: TeamMember, shared: SharedMailbox | undefined): ResolvedMailbox | undefined {
  const own = member.mailbox
  if (!own) return undefined
  const smtpUrl = own.smtpUrl ?? shared?.smtpUrl
  if (!smtpUrl) return undefined
  const address = /<([^>]+)>/.exec(own.from)?.[1] ?? own.from.trim()
  return {
    key: member.id,
    from: own.from.includes('<') ? own.from : `"${member.name.replace(/"/g, '')}" <${address}>`,
    address: address.toLowerCase(),
    smtpUrl,
    imapUrl: own.imapUrl ?? shared?.imapUrl,
    dailyLimit: own.dailyLimit ?? shared?.dailyLimit ?? 200,
    minGapSeconds: own.minGapSeconds ?? shared?.minGapSeconds ?? 0,
    pollSeconds: shared?.pollSeconds ?? 60,
  }
}

/** Every team member's mailbox by member id. */
export function resolveMailboxes(team: Team | undefined, shared: SharedMailbox | undefined) {
  const all = new Map<string, ResolvedMailbox>()
  for (const member of team?.members ?? []) {
    const mailbox = resolveMailbox(member, shared)
    if (mailbox) all.set(member.id, mailbox)
  }
  return all
}

/** One pooled SMTP transport per SMTP URL, made on first use. */
export function createTransports(timeoutMs = 15_000) {
  const transports = new Map<string, Transporter>()
  return {
    get(smtpUrl: string): Transporter {
      let transport = transports.get(smtpUrl)
      if (!transport) {
        const url = new URL(smtpUrl)
        for (const [key, value] of [
          ['pool', 'true'],
          ['connectionTimeout', String(timeoutMs)],
          ['greetingTimeout', String(timeoutMs)],
          ['socketTimeout', String(timeoutMs)],
        ] as const) {
          if (!url.searchParams.has(key)) url.searchParams.set(key, value)
        }
        transport = nodemailer.createTransport(url.toString())
        transports.set(smtpUrl, transport)
      }
      return transport
    },
    close() {
      for (const transport of transports.values()) transport.close()
      transports.clear()
    },
  }
}
export type Transports = ReturnType<typeof createTransports>
