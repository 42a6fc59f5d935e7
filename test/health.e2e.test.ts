import { afterEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../src/util/clock.js'
import { type FakeSlack, startFakeSlack } from './support/fakes/fake-slack.js'
import { startFakeSmtp } from './support/fakes/smtp.js'
import { startWebhookReceiver } from './support/fakes/webhook-receiver.js'
import { leadNotification } from './support/linkedin.js'
import { API_TOKEN, startWorld, type World } from './support/relay-with-simulator.js'

let world: World | undefined
let ops: FakeSlack | undefined
afterEach(async () => {
  await world?.close()
  await ops?.close()
})

const MINUTE = 60_000

describe('health checks and operator alerts (fake clock)', () => {
  it('announces challenge silence once per outage, and a refresh token about to expire', async () => {
    const clock = createManualClock(Date.now())
    ops = await startFakeSlack()
    world = await startWorld({
      clock,
      env: { OPS_SLACK_WEBHOOK_URL: ops.webhookUrl, HEALTH_CHECK_MINUTES: '15', BACKFILL_DAYS: '0' },
    })
    const w = world
    const subscribed = await fetch(`${w.relayUrl}/api/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        owner: 'urn:li:sponsoredAccount:1234567',
        leadType: 'SPONSORED',
        webhook: `${w.relayUrl}/webhooks/linkedin`,
      }),
    })
    expect(subscribed.status).toBe(201)
    // The world subscribed two accounts at LinkedIn already, and this subscription was challenged too:
    // challenges within a minute are recorded once.
    await expect
      .poll(async () => (await w.relay.store.db.selectFrom('challenges').select('id').execute()).length)
      .toBe(1)

    // 2 h 20 min without another challenge: past the 2 h 15 min threshold.
    clock.advance(140 * MINUTE)
    await expect.poll(() => ops?.posts.length, { timeout: 10_000 }).toBe(1)
    expect(ops?.posts[0]?.text).toMatch(/no challenge from LinkedIn for 2\.\d h/)
    expect(ops?.posts[0]?.text).toContain('leadrelay subscriptions revalidate')

    // Still silent at the next checks: the same outage is not announced again.
    clock.advance(15 * MINUTE)
    await expect
      .poll(
        async () =>
          (
            await w.relay.store.db
              .selectFrom('jobs')
              .select('id')
              .where('name', '=', 'health-check')
              .where('state', '=', 'pending')
              .where('run_at', '>', clock.now().getTime())
              .execute()
          ).length,
        { timeout: 10_000 },
      )
      .toBe(1)
    clock.advance(15 * MINUTE)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(ops?.posts.map((p) => p.text)).toHaveLength(1)

    // A refresh token with 13 days left raises the 14-day warning (and not the 7- or 1-day ones).
    await w.relay.tokens.store(
      {
        access_token: 'AQ-short',
        expires_in: 3600,
        refresh_token: 'AQ-refresh',
        refresh_token_expires_in: 13 * 86_400,
      },
      'oauth',
    )
    clock.advance(15 * MINUTE)
    await expect.poll(() => ops?.posts.length, { timeout: 10_000 }).toBe(2)
    expect(ops?.posts[1]?.text).toMatch(/refresh token expires in 13 day/)
    expect(ops?.posts[1]?.text).toContain('leadrelay auth login')

    // A week later the 7-day warning; five and a half days after that, the 1-day one. Each once. (The
    // daily heartbeat also fails now, rightly: the token stored above is not one LinkedIn issued.)
    const saying = (pattern: RegExp) => (ops?.posts ?? []).filter((p) => pattern.test(p.text ?? '')).length
    clock.advance(7 * 86_400_000)
    await expect.poll(() => saying(/refresh token expires in 6 day/), { timeout: 10_000 }).toBe(1)
    clock.advance(5.5 * 86_400_000)
    await expect.poll(() => saying(/refresh token expires in 1 day/), { timeout: 10_000 }).toBe(1)
    expect(saying(/refresh token expires in 13 day/)).toBe(1)
    expect(saying(/no challenge from LinkedIn/)).toBe(1)

    const status = (await (
      await fetch(`${w.relayUrl}/api/status`, { headers: { authorization: `Bearer ${API_TOKEN}` } })
    ).json()) as {
      opsAlerts: { key: string; sent: boolean }[]
    }
    expect(status.opsAlerts.map((a) => a.key.split(':')[0])).toEqual(
      expect.arrayContaining(['challenge-silence', 'refresh-expiry-14d', 'refresh-expiry-7d', 'refresh-expiry-1d']),
    )
  })
})

describe('metrics, retention and bad signatures', () => {
  it('exposes the operating series on /metrics', async () => {
    world = await startWorld()
    const w = world
    await w.simulator.submitLead()
    await expect
      .poll(async () => (await w.relay.store.db.selectFrom('leads').select('status').executeTakeFirst())?.status, {
        timeout: 10_000,
      })
      .toBe('enriched')
    const text = await (await fetch(`${w.relayUrl}/metrics`)).text()
    for (const series of [
      'leadrelay_notifications_total{outcome="accepted"} 1',
      'leadrelay_webhook_ack_seconds_count 1',
      'leadrelay_jobs{job="reconcile-all",state="pending"} 1',
      'leadrelay_queue_lag_seconds',
      'leadrelay_leads_recovered_by_pull 0',
      'leadrelay_linkedin_token_days_left{token="refresh"} 36',
      'leadrelay_seconds_since_last_challenge',
    ]) {
      expect(text).toContain(series)
    }
  })

  it("erases leads' personal data after the retention period", async () => {
    const clock = createManualClock(Date.now())
    world = await startWorld({ clock, env: { RETENTION_DAYS: '30', HEALTH_CHECK_MINUTES: '15' } })
    const w = world
    const { lead } = await w.simulator.submitLead({ answers: { FIRST_NAME: 'Retained' } })
    await expect
      .poll(async () => (await w.relay.store.db.selectFrom('leads').select('status').executeTakeFirst())?.status, {
        timeout: 10_000,
      })
      .toBe('enriched')
    clock.advance(31 * 86_400_000)
    await expect
      .poll(
        async () =>
          (await w.relay.store.db.selectFrom('leads').selectAll().where('id', '=', lead.id).executeTakeFirst())?.status,
        { timeout: 10_000 },
      )
      .toBe('deleted')
    const row = await w.relay.store.db
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', lead.id)
      .executeTakeFirstOrThrow()
    expect(row.fields).toBeNull()
    expect(JSON.stringify(row)).not.toContain('Retained')
  })

  it('raises one alert for a burst of bad signatures', async () => {
    ops = await startFakeSlack()
    world = await startWorld({ env: { OPS_SLACK_WEBHOOK_URL: ops.webhookUrl } })
    const w = world
    for (let i = 0; i < 25; i++) {
      await fetch(`${w.relayUrl}/webhooks/linkedin`, {
        method: 'POST',
        // Shaped like LinkedIn's notifications: what a rotated secret looks like, unlike random junk.
        body: JSON.stringify(leadNotification()),
        headers: { 'x-li-signature': 'a'.repeat(64) },
      })
    }
    await expect.poll(() => ops?.posts.length, { timeout: 10_000 }).toBe(1)
    expect(ops?.posts[0]?.text).toContain('wrong X-LI-Signature')
  })

  it('sends operator alerts to a signed webhook and by e-mail too', async () => {
    const secret = `whsec_${Buffer.from('ops-webhook-secret-0123456789abcd').toString('base64')}`
    const receiver = await startWebhookReceiver({ secret })
    const smtp = await startFakeSmtp()
    try {
      world = await startWorld({
        env: {
          OPS_WEBHOOK_URL: receiver.url,
          OPS_WEBHOOK_SECRET: secret,
          OPS_EMAIL_TO: 'ops@example.com',
          SMTP_URL: smtp.url,
          ALERT_EMAIL_FROM: 'leadrelay@example.com',
          ALERT_EMAIL_TO: 'sales@example.com',
        },
      })
      const w = world
      for (let i = 0; i < 25; i++) {
        await fetch(`${w.relayUrl}/webhooks/linkedin`, {
          method: 'POST',
          body: JSON.stringify(leadNotification()),
          headers: { 'x-li-signature': 'a'.repeat(64) },
        })
      }
      await expect.poll(() => receiver.deliveries.length, { timeout: 10_000 }).toBe(1)
      expect(receiver.badSignatures).toBe(0)
      expect(receiver.deliveries[0]?.payload).toMatchObject({
        type: 'ops.alert',
        data: { message: expect.stringContaining('X-LI-Signature') },
      })
      await expect
        .poll(() => smtp.messages.filter((m) => m.to.includes('ops@example.com')).length, { timeout: 10_000 })
        .toBe(1)
    } finally {
      await receiver.close()
      await smtp.close()
    }
  })
})
