import { afterEach, describe, expect, it } from 'vitest'
import { startFakeSlack } from './support/fakes/fake-slack.js'
import { startWebhookReceiver, type WebhookReceiver } from './support/fakes/webhook-receiver.js'
import { API_TOKEN, startWorld, type World } from './support/relay-with-simulator.js'

const SECRET = `whsec_${Buffer.from('pulls-e2e-secret-0123456789abcdef').toString('base64')}`
const ACCOUNT = 'urn:li:sponsoredAccount:1234567'
let world: World | undefined
let receiver: WebhookReceiver | undefined
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close()
  await world?.close()
  await receiver?.close()
})

async function start(env: Record<string, string> = {}) {
  receiver = await startWebhookReceiver({ secret: SECRET })
  world = await startWorld({ env: { ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: SECRET, ...env } })
  return world
}

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${world?.relayUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  return (await res.json()) as Record<string, unknown>
}

async function pullDone(w: World, id: number) {
  await expect
    .poll(
      async () =>
        (await w.relay.store.db.selectFrom('pulls').select('state').where('id', '=', id).executeTakeFirst())?.state,
      {
        timeout: 30_000,
        interval: 100,
      },
    )
    .toBe('done')
  return w.relay.store.db.selectFrom('pulls').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

describe('never missing a lead', () => {
  it("backfills a new subscription's year of leads through a 429, alerting only the fresh ones", async () => {
    const w = await start()
    w.simulator.seedHistory(400, 365)
    const expected = w.simulator.store.leadsOf({ sponsoredAccount: ACCOUNT }, 'SPONSORED').filter((l) => !l.testLead)
    w.simulator.faults.add({
      endpoint: 'leadFormResponses',
      kind: '429-retry-after',
      count: 1,
      retryAfterSeconds: 1,
      delayMs: 0,
    })

    const created = await call('POST', '/api/subscriptions', {
      owner: ACCOUNT,
      leadType: 'SPONSORED',
      webhook: `${w.relayUrl}/webhooks/linkedin`,
    })
    const pull = await pullDone(w, created.backfill as number)
    expect(pull).toMatchObject({
      kind: 'backfill',
      linkedin_count: expected.length,
      recovered: expected.length,
      held: 0,
    })

    const stored = await w.relay.store.db.selectFrom('leads').select(['id', 'source', 'status']).execute()
    expect(new Set(stored.map((l) => l.id))).toEqual(new Set(expected.map((l) => l.id)))
    expect(stored.every((l) => l.source === 'backfill' && l.status === 'enriched')).toBe(true)

    const fresh = expected.filter((l) => Date.now() - l.submittedAt <= 24 * 3_600_000).length
    await expect.poll(() => receiver?.deliveries.length, { timeout: 10_000 }).toBe(fresh)
    expect(await w.relay.store.db.selectFrom('deliveries').select('id').execute()).toHaveLength(fresh)
  })

  it('recovers a lead whose webhook never came, counts it and tells the operators', async () => {
    const ops = await startFakeSlack()
    cleanup.push(() => ops.close())
    const w = await start({ BACKFILL_DAYS: '0', OPS_SLACK_WEBHOOK_URL: ops.webhookUrl })
    await call('POST', '/api/subscriptions', {
      owner: ACCOUNT,
      leadType: 'SPONSORED',
      webhook: `${w.relayUrl}/webhooks/linkedin`,
    })
    const { lead: seen } = await w.simulator.submitLead({ formId: 7234246 })
    await expect
      .poll(
        async () =>
          (await w.relay.store.db.selectFrom('leads').select('id').where('id', '=', seen.id).execute()).length,
      )
      .toBe(1)
    const { lead: missed } = await w.simulator.submitLead({ formId: 7234246, withhold: true })

    const { pulls } = (await call('POST', '/api/reconcile')) as { pulls: number[] }
    const pull = await pullDone(w, pulls[0] as number)
    // The simulator's own seeded leads of the last 48 hours count too: every one is either held or recovered.
    expect(pull.kind).toBe('reconcile')
    expect(pull.held).toBeGreaterThanOrEqual(1)
    expect(pull.recovered).toBeGreaterThanOrEqual(1)
    expect(pull.held + pull.recovered).toBe(pull.linkedin_count)
    const seenRow = await w.relay.store.db
      .selectFrom('leads')
      .select('source')
      .where('id', '=', seen.id)
      .executeTakeFirstOrThrow()
    expect(seenRow.source).toBe('webhook')

    const recovered = await w.relay.store.db
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', missed.id)
      .executeTakeFirstOrThrow()
    expect(recovered).toMatchObject({ source: 'pull', status: 'enriched' })
    const timeline = await w.relay.store.db
      .selectFrom('lead_timeline')
      .selectAll()
      .where('lead_id', '=', missed.id)
      .execute()
    expect(timeline[0]?.detail).toContain('recovered by pull')
    expect(seen.id).not.toBe(missed.id)
    const status = (await call('GET', '/api/status')) as { pulls: { kind: string; recovered: number }[] }
    expect(status.pulls[0]).toMatchObject({ kind: 'reconcile', recovered: pull.recovered })
    // A recovery means a webhook was missed: the operators hear of it.
    await expect.poll(() => ops.posts.length, { timeout: 10_000 }).toBe(1)
    expect(ops.posts[0]?.text).toMatch(/reconciliation recovered \d+ of \d+ leads that no webhook brought/)
  })
})
