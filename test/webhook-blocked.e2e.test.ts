import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { type FakeReceiver, startFakeReceiver } from '../src/simulator/fake-receiver.js'
import { currentVersion, type RestCall } from '../src/simulator/index.js'
import { subscriptionsRepository } from '../src/store/index.js'
import { createManualClock, systemClock } from '../src/util/clock.js'
import { REPO_ROOT } from './support/child-process.js'
import { type FakeSlack, startFakeSlack } from './support/fakes/fake-slack.js'
import { API_TOKEN, CLIENT_ID, CLIENT_SECRET, startWorld, type World } from './support/relay-with-simulator.js'
import { addUsers, PASSWORD, TEAM_YAML } from './support/web-fixtures.js'
import { signIn } from './support/web-session.js'

let world: World | undefined
let receiver: FakeReceiver | undefined
let ops: FakeSlack | undefined
afterEach(async () => {
  await world?.close()
  await receiver?.close()
  await ops?.close()
  world = receiver = ops = undefined
})

describe("LinkedIn's own webhook state (developerWebhooks), kept by the health check", () => {
  it('shows a webhook LinkedIn BLOCKED in red, alerts once, and shows it ACTIVE after re-validation', async () => {
    const clock = createManualClock(Date.now())
    const calls: RestCall[] = []
    ops = await startFakeSlack()
    world = await startWorld({
      clock,
      yaml: TEAM_YAML,
      env: { BACKFILL_DAYS: '0', HEALTH_CHECK_MINUTES: '15', OPS_SLACK_WEBHOOK_URL: ops.webhookUrl },
      onRestCall: (call) => calls.push(call),
    })
    const w = world
    receiver = await startFakeReceiver(CLIENT_SECRET)
    const hook = receiver.url
    const created = await fetch(`${w.relayUrl}/api/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ owner: 'urn:li:sponsoredAccount:1234567', leadType: 'SPONSORED', webhook: hook }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }

    // Three re-validations fail in a row, as in the simulator's own 'blocks after three failed challenges'.
    receiver.behaviour.challenge = 'wrong'
    for (let i = 0; i < 3; i++) await w.simulator.sender.validate(hook, 'revalidation')
    expect(w.simulator.sender.webhook(hook)?.status).toBe('BLOCKED')

    const check = async () => {
      const before = (await subscriptionsRepository.webhookStatuses(w.relay.store.db))?.checked_at ?? 0
      clock.advance(15 * 60_000)
      w.relay.store.notifyJobs()
      await expect
        .poll(async () => Number((await subscriptionsRepository.webhookStatuses(w.relay.store.db))?.checked_at ?? 0), {
          timeout: 15_000,
        })
        .toBeGreaterThan(Number(before))
    }
    const stored = async () =>
      JSON.parse((await subscriptionsRepository.webhookStatuses(w.relay.store.db))?.elements ?? '[]') as {
        webhookUrl: string
        webhookStatus: string
      }[]
    const blockedAlerts = async () =>
      (await w.relay.store.db.selectFrom('ops_alerts').select(['key', 'resolved_at']).execute()).filter((a) =>
        a.key.startsWith('webhook-blocked:'),
      )

    // Past the challenge-silence threshold too: LinkedIn's own word replaces that guess.
    clock.advance(125 * 60_000)
    await check()
    expect((await stored()).find((e) => e.webhookUrl === hook)?.webhookStatus).toBe('BLOCKED')
    // Delivered before the clock moves again: a jump past its lease would let a second worker claim it.
    await expect
      .poll(
        async () =>
          (
            await w.relay.store.db
              .selectFrom('deliveries')
              .select('state')
              .where('kind', '=', 'ops')
              .where('state', '=', 'delivered')
              .execute()
          ).length,
        { timeout: 10_000 },
      )
      .toBe(1)
    await check()
    expect(await blockedAlerts()).toMatchObject([{ resolved_at: null }])
    expect(ops?.posts).toHaveLength(1)
    expect(ops?.posts[0]?.text).toContain(`LinkedIn reports the webhook ${hook} BLOCKED`)
    expect(ops?.posts[0]?.text).toContain('leadrelay subscriptions revalidate')

    await addUsers(w.relay.store, clock.now().getTime())
    const server = w.relay.server
    if (!server) throw new Error('no server')
    const admin = await signIn(server, 'admin@example.com', PASSWORD)
    const callsBefore = calls.length
    const page = (await server.inject({ url: '/health', headers: { cookie: admin.cookie } })).body
    expect(calls.length).toBe(callsBefore)
    const row = new RegExp(`<th scope="row">${id}</th>(.*?)</tr>`, 's').exec(page)?.[1] ?? ''
    expect(row).toContain('<span class="badge bad">BLOCKED at LinkedIn</span>')
    expect(row).toContain('<span class="badge bad">not active at LinkedIn</span>')
    expect(page).toContain('re-validate it in the LinkedIn developer portal')
    expect(page).toMatch(/<h2 id="h-webhook">.*?<span class="badge bad">Problem<\/span>/s)
    const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts', 'status'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: w.databaseUrl,
        LINKEDIN_CLIENT_ID: CLIENT_ID,
        LINKEDIN_CLIENT_SECRET: CLIENT_SECRET,
        LINKEDIN_API_URL: w.simulatorUrl,
        LINKEDIN_VERSION: currentVersion(systemClock),
        LEADRELAY_SECRET_KEY: 'e2e-secret-key-0123456789',
      },
    })
    expect(cli.stdout).toContain(`${id} (SPONSORED): NOT ACTIVE at LinkedIn, webhook BLOCKED at LinkedIn`)

    receiver.behaviour.challenge = 'correct'
    expect((await w.simulator.sender.validate(hook, 'manual')).status).toBe('ACTIVE')
    await check()
    expect((await stored()).find((e) => e.webhookUrl === hook)?.webhookStatus).toBe('ACTIVE')
    expect((await blockedAlerts())[0]?.resolved_at).not.toBeNull()
    const status = await w.api<{ atLinkedIn: { subscriptions: { id: string; match: string }[] } }>('/api/status')
    expect(status.body.atLinkedIn.subscriptions.find((s) => s.id === id)?.match).toBe('matching')
  })

  it('keeps the subscription list when LinkedIn refuses developerWebhooks (403), and says why', async () => {
    const clock = createManualClock(Date.now())
    world = await startWorld({ clock, env: { BACKFILL_DAYS: '0', HEALTH_CHECK_MINUTES: '15' } })
    const w = world
    w.simulator.faults.add({ endpoint: 'developerWebhooks', kind: '403', count: 10, retryAfterSeconds: 1, delayMs: 0 })
    const created = await fetch(`${w.relayUrl}/api/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        owner: 'urn:li:sponsoredAccount:1234567',
        leadType: 'SPONSORED',
        webhook: `${w.relayUrl}/webhooks/linkedin`,
      }),
    })
    expect(created.status).toBe(201)
    clock.advance(15 * 60_000)
    w.relay.store.notifyJobs()
    await expect
      .poll(async () => (await subscriptionsRepository.webhookStatuses(w.relay.store.db))?.error ?? '', {
        timeout: 15_000,
      })
      .toMatch(/403.*developer application permission/)
    // Both answers are asked for at once; the list may land a moment after the refusal.
    await expect.poll(async () => (await subscriptionsRepository.listSnapshots(w.relay.store.db)).length).toBe(1)
    const [snapshot] = await subscriptionsRepository.listSnapshots(w.relay.store.db)
    expect(snapshot).toMatchObject({ error: null })
    expect(JSON.parse(snapshot?.elements ?? '[]').length).toBeGreaterThan(0)
  })
})
