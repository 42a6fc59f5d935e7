import { afterEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../src/util/clock.js'
import type { LeadView } from '../src/views/lead-view.js'
import { type FakeSlack, startFakeSlack } from './support/fakes/fake-slack.js'
import { type FakeSmtp, startFakeSmtp } from './support/fakes/smtp.js'
import { startWebhookReceiver, type WebhookReceiver } from './support/fakes/webhook-receiver.js'
import { API_TOKEN, formNamed, startWorld, type World } from './support/relay-with-simulator.js'

const WEBHOOK_SECRET = `whsec_${Buffer.from('alerts-e2e-signing-secret-0123456').toString('base64')}`

let world: World | undefined
let slack: FakeSlack | undefined
let smtp: FakeSmtp | undefined
let receiver: WebhookReceiver | undefined
afterEach(async () => {
  await world?.close()
  await slack?.close()
  await smtp?.close()
  await receiver?.close()
  world = slack = smtp = receiver = undefined
})

function teamYaml(channels: string): string {
  return `
team:
  members:
    - { id: ann, name: Ann West, email: ann@example.com, slackUserId: U0ANN, timeZone: America/Los_Angeles, manager: mia }
    - { id: bob, name: Bob East, email: bob@example.com, slackUserId: U0BOB, timeZone: America/New_York, manager: mia }
    - { id: mia, name: Mia Manager, email: mia@example.com, timeZone: America/New_York }
  fallbackOwner: mia
scoring:
  bands: { hot: 50, warm: 20 }
  rules:
    - { name: Decision maker, when: { field: jobTitle, regex: "vp|chief|director|head|founder|ceo" }, points: 50 }
    - { name: Named company, when: { not: { field: company, equals: "" } }, points: 10 }
routing:
  rules:
    - { name: Everyone, assign: { roundRobin: [ann, bob] }, respectWorkingHours: false }
channels:
${channels}
`
}

async function startAll(
  options: { clock?: ReturnType<typeof createManualClock>; slackOnePerSecond?: boolean; only?: 'slack' } = {},
) {
  slack = await startFakeSlack({ enforceOnePerSecond: options.slackOnePerSecond ?? false })
  smtp = await startFakeSmtp()
  receiver = await startWebhookReceiver({ secret: WEBHOOK_SECRET })
  const channels = [`  - { type: slack, name: sales-slack, webhookUrl: "${slack.webhookUrl}" }`]
  if (options.only !== 'slack') {
    channels.push(
      `  - { type: email, name: sales-email, smtpUrl: "${smtp.url}", from: leadrelay@example.com, to: sales@example.com }`,
      `  - { type: webhook, name: crm-hook, url: "${receiver.url}", secret: "${WEBHOOK_SECRET}" }`,
    )
  }
  world = await startWorld({
    yaml: teamYaml(channels.join('\n')),
    env: { ESCALATE_HOT_MINUTES: '5', ESCALATE_WARM_MINUTES: '30', PUBLIC_URL: 'http://placeholder.invalid' },
    ...(options.clock ? { clock: options.clock } : {}),
  })
  return world
}

async function lead(id: string): Promise<LeadView & Record<string, unknown>> {
  return (await (world as World).api<LeadView & Record<string, unknown>>(`/api/leads/${id}`)).body
}

async function deliveries(leadId: string) {
  const res = await (world as World).api<{
    deliveries: {
      id: number
      channel: string
      kind: string
      state: string
      attempts: number
      lastError: string | null
    }[]
  }>(`/api/deliveries?lead=${leadId}`)
  return res.body.deliveries
}

async function until(check: () => Promise<boolean> | boolean, timeout = 15_000) {
  await expect.poll(check, { timeout, interval: 50 }).toBe(true)
}

describe('alerts', () => {
  it('scores, routes with reasons, alerts on Slack, e-mail and a signed webhook, and takes an acknowledgement', async () => {
    const w = await startAll()
    const { lead: submitted } = await w.simulator.submitLead({
      formId: formNamed(w.simulator, 'Request a demo'),
      answers: { FIRST_NAME: 'Dana', LAST_NAME: 'Reyes', JOB_TITLE: 'VP of Sales', COMPANY_NAME: 'Acme Robotics' },
    })
    await until(async () => (await deliveries(submitted.id)).filter((d) => d.state === 'delivered').length === 3)

    const routed = await w.relay.store.db
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', submitted.id)
      .executeTakeFirstOrThrow()
    expect(routed).toMatchObject({ score: 60, priority: 'hot', owner_id: 'ann' })
    const routing = JSON.parse(routed.routing as string)
    expect(routing.score.contributions).toEqual([
      expect.objectContaining({ rule: 'Decision maker', points: 50, explanation: expect.stringContaining('jobTitle') }),
      expect.objectContaining({ rule: 'Named company', points: 10 }),
    ])
    expect(routing.decision).toMatchObject({ ownerId: 'ann', ruleName: 'Everyone', strategy: 'round-robin' })

    expect(slack?.posts).toHaveLength(1)
    expect(slack?.problems).toEqual([])
    const slackText = JSON.stringify(slack?.posts[0])
    for (const fact of ['Dana Reyes', 'VP of Sales', 'Acme Robotics', '<@U0ANN>', 'HOT lead', 'Request a demo']) {
      expect(slackText).toContain(fact)
    }

    expect(smtp?.messages).toHaveLength(1)
    expect(smtp?.messages[0]?.raw).toContain('Dana Reyes')
    expect(smtp?.messages[0]?.raw).toContain('text/html')

    expect(receiver?.badSignatures).toBe(0)
    expect(receiver?.deliveries).toHaveLength(1)
    const payload = receiver?.deliveries[0]?.payload as { type: string; data: { leadId: string; ackUrl: string } }
    expect(payload).toMatchObject({ type: 'lead.created', data: { leadId: submitted.id } })

    // The link from the alert: GET shows a button (scanners must not claim leads), POST acknowledges.
    const ackPath = new URL(payload.data.ackUrl).pathname
    const page = await fetch(`${w.relayUrl}${ackPath}`)
    expect(page.status).toBe(200)
    expect((await lead(submitted.id)).timeline?.some((t) => t.kind === 'acknowledged')).toBe(false)
    const ack = await fetch(`${w.relayUrl}${ackPath}`, { method: 'POST' })
    expect(await ack.text()).toContain('the lead is yours')
    const again = await fetch(`${w.relayUrl}${ackPath}`, { method: 'POST' })
    expect(await again.text()).toContain('Already taken')

    const stored = await w.relay.store.db
      .selectFrom('leads')
      .select(['acked_by', 'acked_at'])
      .where('id', '=', submitted.id)
      .executeTakeFirstOrThrow()
    expect(stored.acked_by).toBe('ann')
    const kinds = (await lead(submitted.id)).timeline?.map((t) => t.kind)
    expect(kinds?.slice(0, 4)).toEqual(['received', 'fetched', 'normalised', 'routed'])
    expect(kinds?.filter((k) => k === 'alert-delivered')).toHaveLength(3)
    expect(kinds?.at(-1)).toBe('acknowledged')
  })

  it('escalates a lead nobody acknowledges: owner first, then the manager (fake clock)', async () => {
    const clock = createManualClock(Date.now())
    const w = await startAll({ clock, only: 'slack' })
    const { lead: hot } = await w.simulator.submitLead({ answers: { JOB_TITLE: 'Chief Revenue Officer' } })
    await until(async () => (await deliveries(hot.id)).some((d) => d.state === 'delivered'))
    expect(slack?.posts).toHaveLength(1)

    clock.advance(5 * 60_000 + 1_000)
    await until(() => (slack?.posts.length ?? 0) === 2)
    expect(JSON.stringify(slack?.posts[1])).toMatch(/escalat/i)
    expect(JSON.stringify(slack?.posts[1])).toContain('<@U0ANN>')

    clock.advance(5 * 60_000 + 1_000)
    await until(() => (slack?.posts.length ?? 0) === 3)
    // Level 2 goes over the owner's head, to the manager.
    expect(JSON.stringify(slack?.posts[2])).toContain('Mia Manager')
    const kinds = (await lead(hot.id)).timeline?.map((t) => t.kind)
    expect(kinds?.filter((k) => k === 'escalated')).toHaveLength(2)

    // An acknowledged lead is left alone.
    const { lead: taken } = await w.simulator.submitLead({ answers: { JOB_TITLE: 'Founder' } })
    // Slack's pacing slot moves with this clock only.
    clock.advance(2_000)
    await until(async () => (await deliveries(taken.id)).some((d) => d.state === 'delivered'), 15_000)
    const acked = await w.relay.store.db
      .selectFrom('leads')
      .select('id')
      .where('id', '=', taken.id)
      .executeTakeFirstOrThrow()
    await w.relay.store.db
      .updateTable('leads')
      .set({ acked_at: clock.now().getTime(), acked_by: 'bob' })
      .where('id', '=', acked.id)
      .execute()
    const before = slack?.posts.length
    clock.advance(11 * 60_000)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(slack?.posts.length).toBe(before)
  })

  it('waits out a Slack 429 with Retry-After and then sends one message', async () => {
    const w = await startAll({ only: 'slack' })
    slack?.answerWebhookWith({ status: 429, body: 'rate_limited', retryAfter: '1' })
    const { lead: submitted } = await w.simulator.submitLead()
    await until(async () => (await deliveries(submitted.id))[0]?.state === 'delivered')
    expect(slack?.posts).toHaveLength(1)
    const [delivery] = await deliveries(submitted.id)
    expect(delivery?.attempts).toBe(2)
    const timeline = (await lead(submitted.id)).timeline ?? []
    const retry = timeline.find((t) => t.kind === 'alert-retry')
    const delivered = timeline.find((t) => t.kind === 'alert-delivered')
    expect(retry?.detail).toContain('429')
    expect(Date.parse(delivered?.at as string) - Date.parse(retry?.at as string)).toBeGreaterThanOrEqual(1_000)
  })

  it('retries e-mail while SMTP is down, dead-letters it, and a replay delivers it (fake clock)', async () => {
    const clock = createManualClock(Date.now())
    const w = await startAll({ clock })
    await smtp?.stop()
    const { lead: submitted } = await w.simulator.submitLead()
    const email = async () =>
      (await deliveries(submitted.id)).find((d) => d.channel === 'sales-email' && d.kind === 'new-lead')
    await until(async () => (await email())?.attempts === 1)
    for (let i = 0; i < 12 && (await email())?.state !== 'dead'; i++) {
      // Past the longest retry delay (10 h + 20 % jitter).
      clock.advance(13 * 3_600_000)
      const attempts = (await email())?.attempts ?? 0
      await until(async () => (await email())?.attempts !== attempts || (await email())?.state === 'dead')
    }
    const dead = await email()
    expect(dead).toMatchObject({ state: 'dead', attempts: 8 })
    expect(dead?.lastError).toMatch(/gave up after 8 attempts/)
    const deadLetters = await w.api<{ deliveries: { id: number }[] }>('/api/deliveries?state=dead')
    expect(deadLetters.body.deliveries.map((d) => d.id)).toContain(dead?.id)

    await smtp?.start()
    const replay = await fetch(`${w.relayUrl}/api/deliveries/${dead?.id}/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}` },
    })
    expect(replay.status).toBe(200)
    await until(async () => (await email())?.state === 'delivered')
    expect(smtp?.messages).toHaveLength(1)
  })

  it('alerts once per channel when a lead is processed twice', async () => {
    const w = await startAll()
    const { lead: submitted } = await w.simulator.submitLead({ duplicates: 2 })
    await until(async () => (await deliveries(submitted.id)).filter((d) => d.state === 'delivered').length === 3)
    // Process the same notification again, as a replayed job would.
    const event = await w.relay.store.db.selectFrom('events').select('id').executeTakeFirstOrThrow()
    await w.relay.store.db.updateTable('events').set({ status: 'queued' }).where('id', '=', event.id).execute()
    const { enqueue } = await import('../src/jobs/index.js')
    await enqueue(w.relay.store.db, 'process-lead', { eventId: event.id }, new Date(), { key: 'again' })
    w.relay.store.notifyJobs()
    await until(
      async () =>
        (await w.relay.store.db.selectFrom('events').select('status').executeTakeFirstOrThrow()).status === 'processed',
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await deliveries(submitted.id)).toHaveLength(3)
    expect(slack?.posts).toHaveLength(1)
    expect(smtp?.messages).toHaveLength(1)
    expect(receiver?.attempts).toHaveLength(1)
  })

  it('coalesces a 60-lead burst into a digest: no 429 from Slack, the first alert on its own', async () => {
    const w = await startAll({ only: 'slack', slackOnePerSecond: true })
    const submitted = await Promise.all(Array.from({ length: 60 }, () => w.simulator.submitLead()))
    const ids = submitted.map((s) => s.lead.id)
    await until(async () => {
      const states = await w.relay.store.db.selectFrom('deliveries').select('state').execute()
      return states.length === 60 && states.every((d) => d.state === 'delivered')
    }, 30_000)
    const rows = await w.relay.store.db.selectFrom('deliveries').selectAll().execute()
    expect(rows.every((d) => d.attempts === 1)).toBe(true)
    expect(slack?.posts.length).toBeLessThanOrEqual(4)
    expect(slack?.problems).toEqual([])
    const text = JSON.stringify(slack?.posts)
    expect(text).toMatch(/\d+ new leads/)
    expect(new Set(rows.map((r) => r.lead_id))).toEqual(new Set(ids))
  })
})
