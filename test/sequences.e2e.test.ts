import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { REPO_ROOT } from './support/child-process.js'
import { dovecotAvailable } from './support/dovecot.js'
import type { ReceivedMail } from './support/fakes/smtp.js'
import { OWNER_ADDRESS, POSTAL_ADDRESS, type SequenceWorld, startSequenceWorld } from './support/sequence-world.js'

let w: SequenceWorld | undefined
afterEach(async () => {
  await w?.close()
  w = undefined
})

async function until(check: () => Promise<boolean> | boolean, timeout = 15_000) {
  await expect.poll(check, { timeout, interval: 50 }).toBe(true)
}

const TWO_EMAILS = (wait: number) => `
      - { id: intro, type: email, subject: "Your demo request, {{ lead.firstName }}", body: "Hi {{ lead.firstName }},\\n\\nthanks for asking about a demo for {{ lead.company }}.\\n\\n{{ owner.firstName }}" }
      - { id: pause, type: wait, wait: ${wait} }
      - { id: nudge, type: email, body: "Hi {{ lead.firstName }}, any time this week for a call?\\n\\n{{ owner.firstName }}" }`

function reply(to: ReceivedMail, headers: Record<string, string>, body: string): string {
  const messageId = to.header('message-id') as string
  return [
    'From: Dana Reyes <dana@prospect.test>',
    `To: ${OWNER_ADDRESS}`,
    `Subject: Re: ${to.header('subject')}`,
    `Message-ID: <reply-${Math.random().toString(36).slice(2)}@prospect.test>`,
    `In-Reply-To: ${messageId}`,
    `References: ${messageId}`,
    `Date: ${new Date().toUTCString()}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    body,
    '',
  ].join('\r\n')
}

const withImap = dovecotAvailable()

const run = promisify(execFile)
async function leadrelayCli(args: string[], databaseUrl: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe('follow-up sequences over real SMTP', () => {
  it('sends step 1 from the owner with the unsubscribe headers, then step 2 in the same thread', async () => {
    w = await startSequenceWorld({ steps: TWO_EMAILS(1) })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => w?.smtp.messages.length === 2)
    const [first, second] = w.smtp.messages as [ReceivedMail, ReceivedMail]

    expect(first.header('from')).toBe(`Ann West <${OWNER_ADDRESS}>`)
    expect(first.from).toBe(OWNER_ADDRESS)
    expect(first.to).toEqual(['dana@prospect.test'])
    expect(first.header('subject')).toBe('Your demo request, Dana')
    expect(first.raw).toContain('thanks for asking about a demo for Acme Robotics')
    expect(first.raw).toContain(POSTAL_ADDRESS)
    expect(first.header('list-unsubscribe')).toMatch(/^<http:\/\/leadrelay\.example\/unsubscribe\/\d+\.[\w-]+>$/)
    expect(first.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
    expect(first.raw).toContain(first.header('list-unsubscribe')?.slice(1, -1))
    const firstId = first.header('message-id') as string
    expect(firstId).toMatch(/^<seq\.\d+\.intro\.[0-9a-f]{24}@acme\.test>$/)

    expect(second.header('subject')).toBe('Re: Your demo request, Dana')
    expect(second.header('in-reply-to')).toBe(firstId)
    expect(second.header('references')).toBe(firstId)

    const sequence = await w.sequence(leadId)
    expect(sequence).toMatchObject({ sequence: 'hot-follow-up', state: 'finished', stopReason: null })
    expect(sequence.steps.map((s) => [s.id, s.state])).toEqual([
      ['intro', 'sent'],
      ['pause', 'done'],
      ['nudge', 'sent'],
    ])
    const lead = (await w.world.api<{ timeline: { kind: string }[] }>(`/api/leads/${leadId}`)).body
    const kinds = lead.timeline.map((t) => t.kind)
    expect(kinds).toContain('sequence-enrolled')
    expect(kinds.filter((k) => k === 'sequence-email-sent')).toHaveLength(2)
    expect(kinds).toContain('sequence-finished')
  })

  it('stops on the one-click unsubscribe POST and never mails the address again', async () => {
    w = await startSequenceWorld({ steps: TWO_EMAILS(30) })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => w?.smtp.messages.length === 1)
    const link = new URL(w.smtp.messages[0]?.header('list-unsubscribe')?.slice(1, -1) as string)

    const page = await fetch(`${w.world.relayUrl}${link.pathname}`)
    expect(page.status).toBe(200)
    expect((await w.sequence(leadId)).state).toBe('active')
    // RFC 8058: the mail provider POSTs this exact body, without cookies or a confirmation step.
    const post = await fetch(`${w.world.relayUrl}${link.pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(post.status).toBe(200)
    const stopped = await w.sequence(leadId)
    expect(stopped).toMatchObject({ state: 'stopped', stopReason: 'unsubscribed' })
    expect(stopped.steps.find((s) => s.id === 'nudge')?.state).toBe('skipped')

    // The address is suppressed: a new lead with it is enrolled but never mailed.
    const again = await w.hotLead('Dana@Prospect.test')
    await until(async () => (await w?.sequence(again))?.state === 'stopped')
    expect((await w.sequence(again)).stopReason).toBe('unsubscribed')
    expect(w.smtp.messages).toHaveLength(1)

    const forged = await fetch(`${w.world.relayUrl}/unsubscribe/1.${'A'.repeat(43)}`, { method: 'POST' })
    expect(forged.status).toBe(404)
  })

  it('stops by hand through the API, with the reason on the timeline', async () => {
    w = await startSequenceWorld({ steps: TWO_EMAILS(30) })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => w?.smtp.messages.length === 1)
    const shown = await leadrelayCli(['leads', 'sequence', leadId], w.world.databaseUrl)
    expect(shown.stdout).toContain('hot-follow-up: active, owner ann')
    expect(shown.stdout).toMatch(/intro\s+email\s+sent/)
    const stop = await w.post(`/api/leads/${leadId}/sequence/stop`, { note: 'spoke on the phone' })
    expect(stop).toMatchObject({ status: 200, body: { stopped: true } })
    expect(await w.sequence(leadId)).toMatchObject({ state: 'stopped', stopReason: 'manual' })
    const again = await w.post(`/api/leads/${leadId}/sequence/stop`)
    expect(again.body).toMatchObject({ stopped: false })
    const lead = (await w.world.api<{ timeline: { kind: string; detail: string }[] }>(`/api/leads/${leadId}`)).body
    expect(lead.timeline.find((t) => t.kind === 'sequence-stopped')?.detail).toBe(
      'hot-follow-up: manual (spoke on the phone)',
    )
    expect((await w.world.api('/api/leads/nope/sequence')).status).toBe(404)
    const json = await leadrelayCli(['leads', 'sequence', leadId, '--json'], w.world.databaseUrl)
    expect(JSON.parse(json.stdout)).toMatchObject({ state: 'stopped', stopReason: 'manual' })
    const missing = await leadrelayCli(['leads', 'sequence', 'nope'], w.world.databaseUrl)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('lead nope is not in a sequence')
  })
})

describe('LinkedIn DELETED', () => {
  it('stops the sequence and erases the e-mail and texts kept for it', async () => {
    w = await startSequenceWorld({ steps: TWO_EMAILS(30) })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => w?.smtp.messages.length === 1)
    await w.world.simulator.deleteLead(leadId)
    await until(async () => (await w?.sequence(leadId))?.state === 'stopped')
    expect((await w.sequence(leadId)).stopReason).toBe('lead deleted')
    const db = w.world.relay.store.db
    const enrolment = await db.selectFrom('sequence_enrolments').selectAll().executeTakeFirstOrThrow()
    expect(enrolment.lead_email).toBeNull()
    const steps = await db.selectFrom('sequence_steps').select(['subject', 'body']).execute()
    expect(steps.every((s) => s.subject === null && s.body === null)).toBe(true)
  })
})

describe.skipIf(!withImap)('replies, auto-replies and bounces over real IMAP (dovecot)', () => {
  it('a reply in the owner’s INBOX stops the sequence before step 2 and appears in the inbox', async () => {
    w = await startSequenceWorld({ steps: TWO_EMAILS(20), imap: true })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => w?.smtp.messages.length === 1)
    await w.imap?.append(OWNER_ADDRESS, reply(w.smtp.messages[0] as ReceivedMail, {}, 'Sounds good, call me Thursday.'))

    await until(async () => (await w?.sequence(leadId))?.state === 'stopped')
    const sequence = await w.sequence(leadId)
    expect(sequence.stopReason).toBe('replied')
    expect(sequence.steps.find((s) => s.id === 'nudge')?.state).toBe('skipped')
    const inbox = (await w.world.api<{ replies: Record<string, unknown>[] }>('/api/inbox')).body
    expect(inbox.replies).toEqual([
      expect.objectContaining({
        leadId,
        sequence: 'hot-follow-up',
        owner: 'ann',
        kind: 'reply',
        from: 'dana@prospect.test',
        snippet: 'Sounds good, call me Thursday.',
      }),
    ])
  })

  it('a new message from the lead’s address stops it too, without our headers; one written before the sequence began does not', async () => {
    w = await startSequenceWorld({ steps: TWO_EMAILS(20), imap: true })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => w?.smtp.messages.length === 1)
    const fresh = (date: Date, id: string) =>
      [
        'From: Dana Reyes <Dana@Prospect.test>',
        `To: ${OWNER_ADDRESS}`,
        'Subject: Question about pricing',
        `Message-ID: <${id}@prospect.test>`,
        `Date: ${date.toUTCString()}`,
        '',
        'Before we talk: do you have a price list?',
        '',
      ].join('\r\n')
    // Written a day before the sequence began (a mail client's Date): not an answer to it.
    await w.imap?.append(OWNER_ADDRESS, fresh(new Date(Date.now() - 86_400_000), 'old'))
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect((await w.sequence(leadId)).state).toBe('active')
    await w.imap?.append(OWNER_ADDRESS, fresh(new Date(), 'new'))
    await until(async () => (await w?.sequence(leadId))?.state === 'stopped')
    expect((await w.sequence(leadId)).stopReason).toBe('replied')
  })

  it('an RFC 3834 automatic reply is recorded and does not stop the sequence', async () => {
    w = await startSequenceWorld({ steps: TWO_EMAILS(4), imap: true })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => w?.smtp.messages.length === 1)
    await w.imap?.append(
      OWNER_ADDRESS,
      reply(w.smtp.messages[0] as ReceivedMail, { 'Auto-Submitted': 'auto-replied' }, 'Your ticket #123 was received.'),
    )
    await until(async () => (await w?.world.api<{ replies: unknown[] }>('/api/inbox'))?.body.replies.length === 1)
    expect((await w.world.api<{ replies: { kind: string }[] }>('/api/inbox')).body.replies[0]?.kind).toBe('auto-reply')
    await until(() => w?.smtp.messages.length === 2)
    expect((await w.sequence(leadId)).state).toBe('finished')
  })

  it('an out-of-office reply pauses the sequence until the date it gives', async () => {
    w = await startSequenceWorld({ steps: TWO_EMAILS(2), imap: true })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => w?.smtp.messages.length === 1)
    const back = new Date(Date.now() + 6 * 86_400_000)
    const backText = back.toLocaleDateString('en-US', {
      month: 'long',
      day: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    })
    await w.imap?.append(
      OWNER_ADDRESS,
      reply(
        w.smtp.messages[0] as ReceivedMail,
        { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
        `I am out of the office until ${backText} with limited access to e-mail.`,
      ),
    )
    await until(async () => (await w?.sequence(leadId))?.state === 'paused')
    const paused = await w.sequence(leadId)
    const until_ = new Date(paused.pausedUntil as string)
    // Midnight of the stated day in the lead's zone (Chicago: the owner's, as the lead gave no state).
    expect(until_.toLocaleDateString('en-US', { timeZone: 'America/Chicago' })).toBe(
      back.toLocaleDateString('en-US', { timeZone: 'UTC' }),
    )
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    expect(w.smtp.messages).toHaveLength(1)
    expect((await w.sequence(leadId)).steps.find((s) => s.id === 'nudge')?.state).toBe('pending')
  })

  it('a DSN with a permanent failure stops the sequence as bounced and suppresses the address', async () => {
    w = await startSequenceWorld({ steps: TWO_EMAILS(20), imap: true })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => w?.smtp.messages.length === 1)
    const original = w.smtp.messages[0] as ReceivedMail
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.acme.test>',
      `To: ${OWNER_ADDRESS}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <dsn-1@mx.acme.test>',
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered to one or more recipients.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.acme.test',
      '',
      'Final-Recipient: rfc822; dana@prospect.test',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '',
      '--b1',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${original.header('message-id')}`,
      `Subject: ${original.header('subject')}`,
      '--b1--',
      '',
    ].join('\r\n')
    await w.imap?.append(OWNER_ADDRESS, dsn)
    await until(async () => (await w?.sequence(leadId))?.state === 'stopped')
    expect((await w.sequence(leadId)).stopReason).toBe('bounced')
    const suppressed = await w.world.relay.store.db
      .selectFrom('email_suppressions')
      .selectAll()
      .where('address', '=', 'dana@prospect.test')
      .executeTakeFirst()
    expect(suppressed?.reason).toBe('bounced')
    expect((await w.world.api<{ replies: { kind: string }[] }>('/api/inbox')).body.replies[0]?.kind).toBe('bounce')
  })
})

/** `hour`:00 in Chicago on the UTC date of `day`, whatever DST says. */
function chicagoTime(day: Date, hour: number): Date {
  for (let utc = 12; utc <= 16; utc++) {
    const at = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), utc))
    const local = at.toLocaleString('en-US', { timeZone: 'America/Chicago', hour: 'numeric', hourCycle: 'h23' })
    if (Number(local) === hour) return at
  }
  throw new Error('no such Chicago time')
}

describe('send windows (fake clock)', () => {
  it('holds an e-mail due outside the window until it opens, and later steps shift with it', async () => {
    const { createManualClock } = await import('../src/util/clock.js')
    // The coming Saturday, 10:00 in Chicago (16:00 UTC in winter): outside Mon–Fri 08:00–18:00.
    const now = new Date()
    const day = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + ((6 - now.getUTCDay() + 7) % 7 || 7)),
    )
    const saturday = chicagoTime(day, 10)
    const clock = createManualClock(saturday)
    w = await startSequenceWorld({
      clock,
      sendWindow: '{ days: [mon, tue, wed, thu, fri], start: "08:00", end: "18:00" }',
      steps: `
      - { id: intro, type: email, subject: "Your demo request", body: "Hi {{ lead.firstName }}" }
      - { id: pause, type: wait, wait: 1d }
      - { id: nudge, type: email, body: "Any time for a call?" }`,
    })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(async () => (await w?.world.api(`/api/leads/${leadId}/sequence`))?.status === 200)
    const monday8 = chicagoTime(new Date(saturday.getTime() + 2 * 86_400_000), 8)
    const waiting = await w.sequence(leadId)
    expect(waiting.steps[0]).toMatchObject({ id: 'intro', state: 'pending', dueAt: monday8.toISOString() })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(w.smtp.messages).toHaveLength(0)

    clock.set(monday8.getTime() + 1_000)
    await until(() => w?.smtp.messages.length === 1)
    // Timed from when step 1 really went (Monday 08:00), not from the Saturday it was first due.
    await until(async () => (await w?.sequence(leadId))?.steps[0]?.state === 'sent')
    expect((await w.sequence(leadId)).steps[1]?.dueAt).toBe(
      new Date(monday8.getTime() + 1_000 + 86_400_000).toISOString(),
    )
    clock.set(monday8.getTime() + 86_400_000 + 2_000)
    await until(() => w?.smtp.messages.length === 2)
  })
})
