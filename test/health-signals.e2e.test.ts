import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { signNotification } from '../src/linkedin/signature.js'
import { subscriptionsRepository } from '../src/store/index.js'
import { createManualClock } from '../src/util/clock.js'
import { leadNotification } from './support/linkedin.js'
import { API_TOKEN, startWorld, type World } from './support/relay-with-simulator.js'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

const count = async (w: World, table: 'challenges' | 'ops_alerts') =>
  Number(
    (
      await w.relay.store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('health signals strangers cannot fake', () => {
  it('records unauthenticated challenges at most once a minute, not one row per request', async () => {
    world = await startWorld({ env: { BACKFILL_DAYS: '0' } })
    const w = world
    const before = await count(w, 'challenges')
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${w.relayUrl}/webhooks/linkedin?challengeCode=${randomUUID()}`)
      expect(res.status).toBe(200)
    }
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await count(w, 'challenges')) - before).toBeLessThanOrEqual(1)
  })

  it('does not take bad signatures for a rotated secret while correctly signed notifications arrive', async () => {
    world = await startWorld({ env: { BACKFILL_DAYS: '0', WEBHOOK_BAD_SIGNATURE_LIMIT: '1000' } })
    const w = world
    const post = (body: string, secret: string) =>
      fetch(`${w.relayUrl}/webhooks/linkedin`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-li-signature': signNotification(body, secret) },
      })
    await w.simulator.submitLead()
    for (let i = 0; i < 25; i++)
      expect((await post(JSON.stringify(leadNotification()), 'not-the-secret')).status).toBe(401)
    for (let i = 0; i < 25; i++) expect((await post(`garbage ${i}`, 'not-the-secret')).status).toBe(401)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const alerts = await w.relay.store.db.selectFrom('ops_alerts').select('key').execute()
    expect(alerts.filter((a) => a.key.startsWith('bad-signatures'))).toEqual([])
  })

  it('alerts when LinkedIn no longer lists a subscription, whatever challenges arrived', async () => {
    const clock = createManualClock(Date.now())
    world = await startWorld({ clock, env: { BACKFILL_DAYS: '0', HEALTH_CHECK_MINUTES: '15' } })
    const w = world
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
    const { id } = (await created.json()) as { id: string }
    w.simulator.subscriptions.remove(Number(id))
    // A stranger keeps the challenge timer fresh.
    await fetch(`${w.relayUrl}/webhooks/linkedin?challengeCode=${randomUUID()}`)
    clock.advance(15 * 60_000)
    w.relay.store.notifyJobs()
    await expect
      .poll(
        async () =>
          (await w.relay.store.db.selectFrom('ops_alerts').select('key').execute()).some((a) =>
            a.key.startsWith('subscription-missing'),
          ),
        { timeout: 15_000 },
      )
      .toBe(true)
  })
})

describe("LinkedIn's own list of subscriptions, kept by the health check", () => {
  it('stores what LinkedIn lists at each check, compares it with ours, and keeps the last list when LinkedIn fails', async () => {
    const clock = createManualClock(Date.now())
    world = await startWorld({ clock, env: { BACKFILL_DAYS: '0', HEALTH_CHECK_MINUTES: '15' } })
    const w = world
    const subscribe = async () => {
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
      return ((await created.json()) as { id: string }).id
    }
    const kept = await subscribe()
    const dropped = await subscribe()
    w.simulator.subscriptions.remove(Number(dropped))
    const check = async () => {
      const before = (await subscriptionsRepository.listSnapshots(w.relay.store.db))[0]?.checked_at ?? 0
      clock.advance(15 * 60_000)
      w.relay.store.notifyJobs()
      await expect
        .poll(async () => (await subscriptionsRepository.listSnapshots(w.relay.store.db))[0]?.checked_at ?? 0, {
          timeout: 15_000,
        })
        .toBeGreaterThan(before)
    }
    await check()

    const [snapshot] = await subscriptionsRepository.listSnapshots(w.relay.store.db)
    expect(snapshot).toMatchObject({
      owner: JSON.stringify({ sponsoredAccount: 'urn:li:sponsoredAccount:1234567' }),
      lead_type: 'SPONSORED',
      error: null,
      fetched_at: clock.now().getTime(),
    })
    const listed = JSON.parse(snapshot?.elements ?? '[]') as { id: string; webhook: string; leadType: string }[]
    const atSimulator = w.simulator.subscriptions
      .list()
      .filter(
        (s) => JSON.stringify(s.owner) === JSON.stringify({ sponsoredAccount: 'urn:li:sponsoredAccount:1234567' }),
      )
    expect(listed.map((s) => s.id).sort()).toEqual(atSimulator.map((s) => String(s.id)).sort())
    expect(listed.find((s) => s.id === kept)).toMatchObject({
      webhook: `${w.relayUrl}/webhooks/linkedin`,
      leadType: 'SPONSORED',
    })

    const status = await w.api<{ atLinkedIn: { subscriptions: { id: string; match: string }[] } }>('/api/status')
    const matches = Object.fromEntries(status.body.atLinkedIn.subscriptions.map((s) => [s.id, s.match]))
    expect(matches[kept]).toBe('matching')
    expect(matches[dropped]).toBe('missing-at-linkedin')
    // The world's own subscription was made at the simulator directly, not through LeadRelay.
    const strangers = atSimulator.filter((s) => String(s.id) !== kept).map((s) => String(s.id))
    expect(strangers.length).toBeGreaterThan(0)
    for (const id of strangers) expect(matches[id]).toBe('unknown-to-us')

    const fetchedAt = snapshot?.fetched_at
    w.simulator.faults.add({ endpoint: 'leadNotifications', kind: '403', count: 5, retryAfterSeconds: 1, delayMs: 0 })
    await check()
    const [failed] = await subscriptionsRepository.listSnapshots(w.relay.store.db)
    expect(failed?.fetched_at).toBe(fetchedAt)
    expect(failed?.elements).toBe(snapshot?.elements)
    expect(failed?.error).toMatch(/.+/)
  })
})
