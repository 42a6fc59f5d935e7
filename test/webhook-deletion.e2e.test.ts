import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { startWebhookReceiver, type WebhookReceiver } from './support/fakes/webhook-receiver.js'
import { startWorld, type World } from './support/relay-with-simulator.js'

let world: World | undefined
let receiver: WebhookReceiver | undefined
afterEach(async () => {
  await world?.close()
  await receiver?.close()
  world = undefined
})

describe('the outgoing webhook on LinkedIn DELETED', () => {
  it('sends a signed lead.deleted without personal data and closes the downstream deletion', async () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`
    receiver = await startWebhookReceiver({ secret })
    world = await startWorld({
      env: { ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: secret, BACKFILL_DAYS: '0' },
    })
    const w = world
    const r = receiver
    const { lead } = await w.simulator.submitLead()
    await expect.poll(() => r.deliveries.length, { timeout: 15_000 }).toBe(1)
    await w.simulator.deleteLead(lead.id)
    await expect
      .poll(() => r.deliveries.map((d) => (d.payload as { type: string }).type), { timeout: 15_000 })
      .toEqual(['lead.created', 'lead.deleted'])
    const deleted = r.deliveries[1]?.payload as { data: Record<string, unknown> }
    expect(deleted.data).toEqual({ leadId: lead.id, leadUrn: `urn:li:leadGenFormResponse:${lead.id}` })
    const created = r.deliveries[0]?.payload as { data: { email?: string } }
    expect(JSON.stringify(deleted)).not.toContain(String(created.data.email))
    await expect
      .poll(
        async () =>
          (
            await w.relay.store.db
              .selectFrom('downstream_deletions')
              .select('done_at')
              .where('lead_id', '=', lead.id)
              .executeTakeFirst()
          )?.done_at ?? null,
        { timeout: 15_000 },
      )
      .not.toBeNull()
  })
})
