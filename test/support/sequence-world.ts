import type { ManualClock } from '../../src/util/clock.js'
import { type Dovecot, startDovecot } from './dovecot.js'
import { type FakeSmtp, startFakeSmtp } from './fakes/smtp.js'
import { API_TOKEN, formNamed, startWorld, type World } from './relay-with-simulator.js'

export const OWNER_ADDRESS = 'ann@acme.test'
export const POSTAL_ADDRESS = 'Acme Robotics Inc., 100 Congress Ave, Austin, TX 78701'

export interface SequenceWorld {
  readonly world: World
  readonly smtp: FakeSmtp
  readonly imap: Dovecot | undefined
  /** Submits a hot lead (VP title) with this e-mail address; its LinkedIn id. */
  hotLead(email: string, more?: Record<string, string>): Promise<string>
  sequence(leadId: string): Promise<SequenceBody>
  post(path: string, body?: unknown): Promise<{ status: number; body: unknown }>
  close(): Promise<void>
}

export interface SequenceBody {
  sequence: string
  state: string
  stopReason: string | null
  pausedUntil: string | null
  steps: {
    id: string
    type: string
    state: string
    dueAt: string | null
    doneAt: string | null
    draft: {
      subject: string | null
      body: string | null
      source: string | null
      model: string | null
      promptVersion: string | null
    } | null
  }[]
}

/**
 * LeadRelay with a team of one (Ann, hot leads to her), her mailbox on a real SMTP server (smtp-server) and,
 * with `imap`, on a real IMAP server (dovecot), and the given sequence steps.
 */
export async function startSequenceWorld(options: {
  readonly steps: string
  readonly imap?: boolean
  readonly clock?: ManualClock
  readonly sendWindow?: string
  readonly extraYaml?: string
  readonly sequenceExtra?: string
  readonly env?: Record<string, string>
}): Promise<SequenceWorld> {
  const smtp = await startFakeSmtp()
  const imap = options.imap ? await startDovecot([OWNER_ADDRESS]) : undefined
  const yaml = `
team:
  members:
    - id: ann
      name: Ann West
      email: ${OWNER_ADDRESS}
      slackUserId: U0ANN
      timeZone: America/Chicago
      mailbox: { from: ${OWNER_ADDRESS}, smtpUrl: "${smtp.url}"${imap ? `, imapUrl: "${imap.url(OWNER_ADDRESS)}"` : ''} }
  fallbackOwner: ann
scoring:
  bands: { hot: 50, warm: 20 }
  rules:
    - { name: Decision maker, when: { field: jobTitle, regex: "vp|chief|director|head|founder|ceo" }, points: 50 }
routing:
  rules:
    - { name: Everyone, assign: { owner: ann }, respectWorkingHours: false }
compliance:
  postalAddress: "${POSTAL_ADDRESS}"
mailbox:
  smtpUrl: "${smtp.url}"
  pollSeconds: 1
sequences:
  - name: hot-follow-up
    when: { field: priority, equals: hot }
    sendWindow: ${options.sendWindow ?? '{ days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00" }'}
${options.sequenceExtra ?? ''}
    steps:
${options.steps}
${options.extraYaml ?? ''}
`
  const world = await startWorld({
    yaml,
    env: { PUBLIC_URL: 'http://leadrelay.example', ESCALATE_HOT_MINUTES: '0', ...options.env },
    ...(options.clock ? { clock: options.clock } : {}),
  })
  const headers = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }
  return {
    world,
    smtp,
    imap,
    async hotLead(email, more = {}) {
      const { lead } = await world.simulator.submitLead({
        formId: formNamed(world.simulator, 'Request a demo'),
        answers: {
          FIRST_NAME: 'Dana',
          LAST_NAME: 'Reyes',
          JOB_TITLE: 'VP of Sales',
          COMPANY_NAME: 'Acme Robotics',
          EMAIL: email,
          WORK_EMAIL: email,
          ...more,
        },
      })
      return lead.id
    },
    async sequence(leadId) {
      return (await world.api<SequenceBody>(`/api/leads/${leadId}/sequence`)).body
    },
    async post(path, body) {
      const res = await fetch(`${world.relayUrl}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body ?? {}),
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    async close() {
      await world.close()
      await smtp.close()
      await imap?.close()
    },
  }
}
