import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { signNotification } from '../src/linkedin/signature.js'
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
