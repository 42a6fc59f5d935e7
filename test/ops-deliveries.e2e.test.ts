import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../src/util/index.js'
import { REPO_ROOT } from './support/child-process.js'
import { type FakeSlack, startFakeSlack } from './support/fakes/fake-slack.js'
import { startWebhookReceiver, type WebhookReceiver } from './support/fakes/webhook-receiver.js'
import { leadNotification } from './support/linkedin.js'
import { API_TOKEN, startWorld, type World } from './support/relay-with-simulator.js'

const run = promisify(execFile)
const OPS_SECRET = `whsec_${Buffer.from('ops-webhook-secret-0123456789abcd').toString('base64')}`

let world: World | undefined
let ops: WebhookReceiver | undefined
let slack: FakeSlack | undefined
afterEach(async () => {
  await world?.close()
  await ops?.close()
  await slack?.close()
  world = ops = slack = undefined
})

interface DeliveryJson {
  id: number
  channel: string
  kind: string
  state: string
  attempts: number
}

async function deliveries(w: World, channel: string): Promise<DeliveryJson[]> {
  return (await w.api<{ deliveries: DeliveryJson[] }>(`/api/deliveries?channel=${channel}`)).body.deliveries
}

/** What a rotated client secret looks like: notifications LinkedIn signed with a secret we do not know. */
async function badSignatureBurst(w: World) {
  for (let i = 0; i < 25; i++) {
    await fetch(`${w.relayUrl}/webhooks/linkedin`, {
      method: 'POST',
      body: JSON.stringify(leadNotification()),
      headers: { 'x-li-signature': 'a'.repeat(64) },
    })
  }
}

describe('operator alerts are deliveries', () => {
  it('delivers an ops alert to a webhook that answers 503 then 200 once, with the same webhook-id both times', async () => {
    const clock = createManualClock(Date.now())
    ops = await startWebhookReceiver({ secret: OPS_SECRET })
    ops.answerWith({ status: 503 })
    world = await startWorld({ clock, env: { OPS_WEBHOOK_URL: ops.url, OPS_WEBHOOK_SECRET: OPS_SECRET } })
    const w = world
    const receiver = ops
    await badSignatureBurst(w)

    await expect.poll(() => receiver.attempts.length, { timeout: 10_000 }).toBe(1)
    await expect
      .poll(async () => (await deliveries(w, 'ops-webhook'))[0], { timeout: 10_000 })
      .toMatchObject({ kind: 'ops', state: 'pending', attempts: 1 })
    // The first retry comes 5 s (±20 %) later on the Standard Webhooks schedule.
    clock.advance(10_000)
    await expect.poll(() => receiver.deliveries.length, { timeout: 10_000 }).toBe(1)

    expect(receiver.attempts).toHaveLength(2)
    expect(receiver.attempts[1]?.id).toBe(receiver.attempts[0]?.id)
    expect(receiver.duplicates).toBe(0)
    expect(receiver.deliveries[0]?.payload).toMatchObject({
      type: 'ops.alert',
      data: { message: expect.stringContaining('X-LI-Signature') },
    })
    await expect
      .poll(async () => (await deliveries(w, 'ops-webhook'))[0], { timeout: 10_000 })
      .toMatchObject({ state: 'delivered', attempts: 2 })
    const status = await w.api<{ opsAlerts: { key: string; sent: boolean }[] }>('/api/status')
    expect(status.body.opsAlerts).toEqual([expect.objectContaining({ sent: true })])
  })

  it('turns off a Slack channel that answers 410, raises one ops alert, holds its deliveries, and `channels enable` sends them', async () => {
    ops = await startWebhookReceiver({ secret: OPS_SECRET })
    slack = await startFakeSlack()
    slack.answerWebhookWith({ status: 410, body: 'channel_is_archived' })
    const env = { SLACK_WEBHOOK_URL: slack.webhookUrl, OPS_WEBHOOK_URL: ops.url, OPS_WEBHOOK_SECRET: OPS_SECRET }
    world = await startWorld({ env })
    const w = world
    const receiver = ops
    const fake = slack

    await w.simulator.submitLead()
    await expect
      .poll(async () => (await deliveries(w, 'slack')).map((d) => d.state), { timeout: 10_000 })
      .toEqual(['disabled'])
    await expect.poll(() => receiver.deliveries.length, { timeout: 10_000 }).toBe(1)
    const alert = receiver.deliveries[0]?.payload as { data: { message: string; key: string } }
    expect(alert.data.key).toBe('channel-gone:slack')
    expect(alert.data.message).toContain('leadrelay channels enable slack')

    // A later lead waits with the first; nothing more reaches Slack, and the outage is announced once.
    await w.simulator.submitLead()
    await expect
      .poll(async () => (await deliveries(w, 'slack')).map((d) => d.state), { timeout: 10_000 })
      .toEqual(['disabled', 'disabled'])
    expect(fake.posts).toHaveLength(0)
    expect(receiver.deliveries).toHaveLength(1)
    const listed = await w.api<{ channels: { name: string; state: string; waiting: number }[] }>('/api/channels')
    expect(listed.body.channels).toContainEqual(
      expect.objectContaining({ name: 'slack', state: 'disabled', waiting: 2 }),
    )

    const cli = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'channels', 'enable', 'slack'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: w.databaseUrl, ...env },
    })
    expect(cli.stdout).toContain('channel slack enabled; 2 delivery(ies) queued again')
    await expect.poll(() => fake.posts.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1)
    await expect
      .poll(async () => (await deliveries(w, 'slack')).map((d) => d.state), { timeout: 15_000 })
      .toEqual(['delivered', 'delivered'])
    const listing = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'channels'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: w.databaseUrl, ...env },
    })
    expect(listing.stdout).toMatch(/slack\s+slack\s+enabled\s+0/)
    expect(listing.stdout).toMatch(/ops-webhook\s+webhook\s+enabled/)
  })

  it('answers 404 when asked to enable a channel that is not configured', async () => {
    world = await startWorld()
    const res = await fetch(`${world.relayUrl}/api/channels/nope/enable`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}` },
    })
    expect(res.status).toBe(404)
  })
})
