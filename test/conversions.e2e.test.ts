import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STATIC_TOKEN_SCOPES } from '../src/simulator/index.js'
import { API_TOKEN, startWorld, type World } from './support/relay-with-simulator.js'

let world: World
let rule: string

beforeAll(async () => {
  world = await startWorld({
    connected: false,
    yaml: (simulator) => {
      const created = simulator.conversions.createRule(
        {
          name: 'LeadRelay qualified',
          account: simulator.owners.sponsoredAccounts[0]!.urn,
          conversionMethod: 'CONVERSIONS_API',
          type: 'QUALIFIED_LEAD',
          enabled: true,
          attributionType: 'LAST_TOUCH_BY_CAMPAIGN',
          postClickAttributionWindowSize: 30,
          viewThroughAttributionWindowSize: 7,
        },
        Date.now(),
      )
      rule = `urn:lla:llaPartnerConversion:${created.id}`
      return `conversions:\n  qualified: ${rule}\n`
    },
  })
  await world.relay.tokens.store({ ...world.simulator.tokens.grant(STATIC_TOKEN_SCOPES) }, 'cli')
})
afterAll(() => world.close())

const outcome = (id: string, body: unknown) =>
  fetch(`${world.relayUrl}/api/leads/${id}/outcome`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

async function routed(id: string) {
  await expect
    .poll(
      async () =>
        (await world.relay.store.db.selectFrom('leads').select('assigned_at').where('id', '=', id).executeTakeFirst())
          ?.assigned_at ?? null,
      { timeout: 20_000 },
    )
    .not.toBeNull()
}

describe('outcomes to LinkedIn’s Conversions API', () => {
  it('sends a qualified outcome exactly once, after a 500 and when the outcome is set twice', async () => {
    const { lead } = await world.simulator.submitLead()
    await routed(lead.id)
    world.simulator.faults.add({
      endpoint: 'conversionEvents',
      kind: '500',
      count: 1,
      retryAfterSeconds: 1,
      delayMs: 0,
    })
    expect((await outcome(lead.id, { outcome: 'qualified' })).status).toBe(200)
    const again = await outcome(lead.id, { outcome: 'qualified' })
    expect(((await again.json()) as { result: string }).result).toBe('unchanged')
    // Back and forth: the (lead, stage) delivery exists once, so this sends nothing new either.
    await outcome(lead.id, { outcome: 'contacted' })
    await outcome(lead.id, { outcome: 'qualified' })

    const delivery = () =>
      world.relay.store.db
        .selectFrom('deliveries')
        .selectAll()
        .where('lead_id', '=', lead.id)
        .where('channel', '=', 'linkedin-conversions')
        .execute()
    // The first attempt met the 500; the retry comes about 5 s later.
    await expect.poll(async () => (await delivery())[0]?.state, { timeout: 20_000, interval: 250 }).toBe('delivered')
    expect(await delivery()).toHaveLength(1)
    expect((await delivery())[0]).toMatchObject({ kind: 'conversion:qualified', attempts: 2 })
    const events = world.simulator.conversions.events.filter((e) => e.eventId === `${lead.id}:qualified`)
    expect(events).toHaveLength(1)
    const stored = await world.relay.store.db
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', lead.id)
      .executeTakeFirstOrThrow()
    const fields = JSON.parse(stored.fields ?? '{}') as Record<string, string>
    const email = (fields.workEmail ?? fields.email) as string
    expect(events[0]).toMatchObject({
      conversion: rule,
      conversionHappenedAt: stored.qualified_at,
      user: {
        userIds: [
          { idType: 'SHA256_EMAIL', idValue: createHash('sha256').update(email.trim().toLowerCase()).digest('hex') },
        ],
        userInfo: { firstName: fields.firstName, lastName: fields.lastName },
      },
    })
    const timeline = await world.api<{ timeline: { kind: string; detail: string }[] }>(`/api/leads/${lead.id}`)
    expect(timeline.body.timeline.map((t) => t.kind)).toEqual(
      expect.arrayContaining(['outcome', 'alert-retry', 'alert-delivered']),
    )
  }, 60_000)

  it('never sends test leads', async () => {
    const { lead } = await world.simulator.submitLead({ testLead: true })
    await routed(lead.id)
    await outcome(lead.id, { outcome: 'qualified' })
    const timeline = await world.api<{ timeline: { kind: string; detail: string }[] }>(`/api/leads/${lead.id}`)
    expect(timeline.body.timeline.find((t) => t.kind === 'conversion-skipped')?.detail).toMatch(
      /test leads are not sent/,
    )
    expect(world.simulator.conversions.received.some((e) => e.eventId?.startsWith(`${lead.id}:`))).toBe(false)
  }, 60_000)
})
