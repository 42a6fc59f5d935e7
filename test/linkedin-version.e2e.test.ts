import { afterEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../src/util/clock.js'
import { API_TOKEN, startWorld, type World } from './support/relay-with-simulator.js'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

const yyyymm = (date: Date) => `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}`
const monthsAgo = (n: number) => {
  const d = new Date()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - n)
  return yyyymm(d)
}

const opsAlerts = async (w: World) => w.relay.store.db.selectFrom('ops_alerts').selectAll().execute()

describe('a LinkedIn-Version that LinkedIn has sunset', () => {
  it('raises one ops alert naming LINKEDIN_VERSION and the newest version to try, however many calls fail', async () => {
    const sunset = monthsAgo(14)
    world = await startWorld({ env: { LINKEDIN_VERSION: sunset, BACKFILL_DAYS: '0' } })
    const w = world
    for (let i = 0; i < 3; i++) await w.simulator.submitLead()
    await expect
      .poll(async () => (await opsAlerts(w)).filter((a) => a.key.startsWith('linkedin-version-rejected:')).length, {
        timeout: 15_000,
      })
      .toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 500))
    const alerts = (await opsAlerts(w)).filter((a) => a.key.startsWith('linkedin-version-rejected:'))
    expect(alerts).toHaveLength(1)
    expect(alerts[0]?.message).toContain('LINKEDIN_VERSION')
    expect(alerts[0]?.message).toContain(sunset)
    expect(alerts[0]?.message).toContain(monthsAgo(1))
  })

  it('shows the version in use in the status, and warns 60 days before it is a year old', async () => {
    const clock = createManualClock(Date.now())
    const old = monthsAgo(11)
    world = await startWorld({ clock, env: { LINKEDIN_VERSION: old, HEALTH_CHECK_MINUTES: '15', BACKFILL_DAYS: '0' } })
    const w = world
    const status = (await (
      await fetch(`${w.relayUrl}/api/status`, { headers: { authorization: `Bearer ${API_TOKEN}` } })
    ).json()) as { linkedin: { version: string; versionWarning: string | null } }
    expect(status.linkedin.version).toBe(old)
    expect(status.linkedin.versionWarning).toContain('LINKEDIN_VERSION')
    clock.advance(15 * 60_000)
    w.relay.store.notifyJobs()
    await expect
      .poll(async () => (await opsAlerts(w)).some((a) => a.key === `linkedin-version-age:${old}`), { timeout: 15_000 })
      .toBe(true)
  })
})
