import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../test/support/dialects.js'
import { FIXTURE_OUTCOMES_CONFIG, fixtureTeam, seedReportFixture } from '../../test/support/report-fixture.js'
import { createOutcomes } from '../outcomes/index.js'
import { migrateStore, type Store } from '../store/index.js'
import { createManualClock } from '../util/index.js'
import { createBusinessTime } from './business-hours.js'
import { GROUP_BY } from './group-by.js'
import { createReports } from './index.js'

const M = 60_000
const range = { from: Date.parse('2026-11-23T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z') }

async function seeded(open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>, hours: boolean) {
  const opened = await open()
  const team = fixtureTeam()
  const store = hours
    ? { ...opened.store, businessTime: createBusinessTime(team.members, 'America/New_York') }
    : opened.store
  const clock = createManualClock(Date.parse('2026-12-01T00:00:00Z'))
  await seedReportFixture(store, clock, createOutcomes(FIXTURE_OUTCOMES_CONFIG, { store, clock }))
  // The fixture records its alerts straight through the repository: the fill at start stores those figures.
  if (hours) await migrateStore(store)
  return { ...opened, store }
}

const reportsOver = (store: Store, members = fixtureTeam().members) =>
  createReports(
    { members, scoringRules: [], routingRules: [], timeZone: 'America/New_York' },
    { store, clock: createManualClock(Date.parse('2026-12-01T00:00:00Z')) },
  )

describe.each(dialectsUnderTest())('%s: speed-to-lead over stored figures', (dialect) => {
  let computed: Awaited<ReturnType<typeof seeded>>
  let stored: Awaited<ReturnType<typeof seeded>>
  beforeAll(async () => {
    computed = await seeded(() => dialect.open(), false)
    stored = await seeded(() => dialect.open(), true)
  })
  afterAll(async () => {
    await computed.cleanup()
    await stored.cleanup()
  })

  it('has every lead’s figures and record stored once the events and the fill at start ran', async () => {
    const missing = await sql<{ n: number | string }>`SELECT count(*) AS n FROM leads WHERE speed_record IS NULL
      OR (acked_at IS NOT NULL AND ack_business_ms IS NULL)`.execute(stored.store.db)
    expect(Number(missing.rows[0]?.n)).toBe(0)
  })

  it.each(GROUP_BY)('gives by %s the same report as computing every figure at request time', async (groupBy) => {
    const q = { ...range, groupBy, includeTest: true }
    expect(await reportsOver(stored.store).speed(q)).toEqual(await reportsOver(computed.store).speed(q))
  })

  it('keeps the working hours configured when each event was recorded', async () => {
    // Ann's hours removed from the configuration afterwards: the stored figures still count her old hours,
    // while a store that never had them now counts the whole span.
    const members = fixtureTeam().members.map(({ workingHours: _, ...member }) => member)
    const q = { ...range, groupBy: 'owner' as const, includeTest: false }
    const [ann] = (await reportsOver(stored.store, members).speed(q)).groups
    expect(ann?.toAck).toMatchObject({ p50Ms: 980 * M, p90Ms: 2850 * M, businessP50Ms: 20 * M, businessP90Ms: 30 * M })
    const [annNow] = (await reportsOver(computed.store, members).speed(q)).groups
    expect(annNow?.toAck).toMatchObject({ businessP50Ms: 980 * M, businessP90Ms: 2850 * M })
  })
})
