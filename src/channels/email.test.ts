import { type AddressInfo, createServer } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { leadAlert, sendContext } from '../../test/support/fakes/lead-alert.js'
import { type FakeSmtp, startFakeSmtp } from '../../test/support/fakes/smtp.js'
import { createEmailChannel, type EmailChannel, type EmailChannelOptions, messageIdFor } from './email.js'

let smtp: FakeSmtp
const channels: EmailChannel[] = []

beforeEach(async () => {
  smtp = await startFakeSmtp({ rejectRecipients: ['nobody@leadrelay.example'] })
})
afterEach(async () => {
  for (const channel of channels.splice(0)) channel.close()
  await smtp.close()
})

function emailChannel(extra: Partial<EmailChannelOptions> = {}): EmailChannel {
  const channel = createEmailChannel({
    name: 'sales-email',
    smtpUrl: smtp.url,
    from: 'LeadRelay <alerts@leadrelay.example>',
    to: ['sales@leadrelay.example'],
    sendTestLeads: true,
    ...extra,
  })
  channels.push(channel)
  return channel
}

/** The raw message with quoted-printable soft line breaks and escapes undone, enough to search its text. */
const decoded = (raw: string) =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))

describe('e-mail alerts over SMTP', () => {
  it('sends a multipart message with a text and an HTML part to the configured recipients', async () => {
    const outcome = await emailChannel().send(leadAlert(), sendContext())
    expect(outcome).toEqual({ kind: 'delivered', externalId: '<dlv_lead-1_test_new-lead@leadrelay.example>' })
    expect(smtp.messages).toHaveLength(1)
    const mail = smtp.messages[0]!
    expect(mail.from).toBe('alerts@leadrelay.example')
    expect(mail.to).toEqual(['sales@leadrelay.example'])
    expect(mail.header('subject')).toBe('HOT lead: Dana Whitfield (Acme Logistics)')
    expect(mail.header('content-type')).toMatch(/^multipart\/alternative/)
    const body = decoded(mail.raw)
    expect(body).toContain('Content-Type: text/plain')
    expect(body).toContain('Content-Type: text/html')
    expect(body).toContain("I'm on it: https://leadrelay.example/ack/tok-1")
    expect(body).toContain('<a href="https://leadrelay.example/ack/tok-1">')
  })

  it('carries the idempotency key in Message-ID and a header, the same on every attempt', async () => {
    const channel = emailChannel()
    await channel.send(leadAlert(), sendContext())
    await channel.send(leadAlert(), sendContext({ attempt: 2 }))
    const [first, second] = smtp.messages
    expect(first!.header('message-id')).toBe('<dlv_lead-1_test_new-lead@leadrelay.example>')
    expect(second!.header('message-id')).toBe(first!.header('message-id'))
    expect(first!.header('x-leadrelay-idempotency-key')).toBe('dlv_lead-1_test_new-lead')
  })

  it('marks test leads [TEST] in the subject', async () => {
    await emailChannel().send(leadAlert({ test: true, priority: 'warm' }), sendContext())
    expect(smtp.messages[0]!.header('subject')).toBe('[TEST] WARM lead: Dana Whitfield (Acme Logistics)')
  })

  it('says so in the subject when the alert is an escalation', async () => {
    await emailChannel().send(
      leadAlert({ kind: 'escalation', escalation: { minutesWaiting: 15, level: 1 } }),
      sendContext(),
    )
    expect(smtp.messages[0]!.header('subject')).toMatch(/^Escalation: HOT lead/)
  })

  it('escapes lead data in the HTML part', async () => {
    await emailChannel().send(leadAlert({ name: '<script>alert(1)</script>' }), sendContext())
    const body = decoded(smtp.messages[0]!.raw)
    const html = body.slice(body.indexOf('Content-Type: text/html'))
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it("adds the owner's address when toOwner is set", async () => {
    await emailChannel({ toOwner: true }).send(leadAlert(), sendContext())
    expect(smtp.messages[0]!.to).toEqual(['sales@leadrelay.example', 'riley@leadrelay.example'])
  })

  it('uses user templates', async () => {
    await emailChannel({ templates: { subject: '{{ testMarker }}{{ priorityLabel }}: {{ company }}' } }).send(
      leadAlert({ test: true }),
      sendContext(),
    )
    expect(smtp.messages[0]!.header('subject')).toBe('[TEST] HOT: Acme Logistics')
  })

  it('rejects a lead its templates cannot render, naming the template', async () => {
    // Construction renders sample hot and cold leads; only a warm lead reaches this typo.
    const channel = emailChannel({ templates: { text: '{% if priority == "warm" %}{{ warmth }}{% endif %}ok' } })
    expect(await channel.send(leadAlert({ priority: 'warm' }), sendContext())).toEqual({
      kind: 'rejected',
      reason: expect.stringMatching(/^text template: undefined variable: warmth/),
    })
    expect(smtp.messages).toHaveLength(0)
  })

  it('retries while the SMTP server is down, and delivers once it is back', async () => {
    const channel = emailChannel()
    await smtp.stop()
    expect(await channel.send(leadAlert(), sendContext())).toMatchObject({
      kind: 'retry',
      reason: expect.stringContaining('SMTP server unreachable'),
    })
    await smtp.start()
    expect(await channel.send(leadAlert(), sendContext({ attempt: 2 }))).toMatchObject({ kind: 'delivered' })
    expect(smtp.messages).toHaveLength(1)
  })

  it('retries when a pooled connection was dropped by a server going down', async () => {
    const channel = emailChannel()
    expect(await channel.send(leadAlert(), sendContext())).toMatchObject({ kind: 'delivered' })
    await smtp.stop()
    expect(await channel.send(leadAlert(), sendContext())).toMatchObject({ kind: 'retry' })
  })

  it('retries when the server accepts the connection but never greets', async () => {
    const silent = createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as AddressInfo).port
    try {
      const channel = emailChannel({ smtpUrl: `smtp://127.0.0.1:${port}`, timeoutMs: 200, pool: false })
      expect(await channel.send(leadAlert(), sendContext())).toMatchObject({ kind: 'retry' })
    } finally {
      silent.close()
    }
  })

  it('rejects a mailbox the server refuses with 550, without quoting the address', async () => {
    const outcome = await emailChannel({ to: ['nobody@leadrelay.example'] }).send(leadAlert(), sendContext())
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/^SMTP 550/) })
    expect(JSON.stringify(outcome)).not.toContain('nobody@')
  })

  it('retries a transient 4xx answer', async () => {
    smtp.rejectRecipient('busy@leadrelay.example', 451)
    const outcome = await emailChannel({ to: ['busy@leadrelay.example'] }).send(leadAlert(), sendContext())
    expect(outcome).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/^SMTP 451/) })
  })

  it('rejects an alert with nobody to send it to', async () => {
    expect(await emailChannel({ to: [], toOwner: true }).send(leadAlert({ owner: null }), sendContext())).toMatchObject(
      {
        kind: 'rejected',
      },
    )
  })

  it('refuses bad templates when built', () => {
    expect(() => emailChannel({ templates: { subject: '{{ lead_name }}' } })).toThrow(/subject template/)
  })
})

describe('messageIdFor', () => {
  it('uses the sender domain and a digest for keys that cannot stand in a Message-ID', () => {
    expect(messageIdFor('dlv_1', 'alerts@acme.example')).toBe('<dlv_1@acme.example>')
    expect(messageIdFor('lead 1/email', 'LeadRelay <alerts@acme.example>')).toMatch(/^<[0-9a-f]{32}@acme\.example>$/)
  })
})
