import { Migrator, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../test/support/dialects.js'
import { migrateStore } from './create-store.js'
import type { NewLeadRow } from './database.js'
import { markAcknowledged } from './leads-repository.js'
import { migrationProvider } from './migrations/index.js'
import { recordAlerted, recordFirstContact } from './outcomes-repository.js'
import { type BusinessTime, fillSpeedDurations, recordSpeedDurations } from './speed-durations.js'
import type { Store } from './store.js'

const M = 60_000
const HOUR = 60 * M
const DAY = 24 * HOUR
const at = (iso: string) => Date.parse(iso)
/** Every owner works 09:00–17:00 UTC, every day: figures easy to check by hand. */
const nineToFive: BusinessTime = () => (start, end) => {
  let total = 0
  for (let day = Math.floor(start / DAY) * DAY; day < end; day += DAY)
    total += Math.max(0, Math.min(end, day + 17 * HOUR) - Math.max(start, day + 9 * HOUR))
  return total
}

const lead = (id: string, submitted: string, extra: Partial<NewLeadRow> = {}): NewLeadRow => ({
  id,
  urn: `urn:li:leadGenFormResponse:${id}`,
  status: 'enriched',
  received_at: at(submitted),
  test: 0,
  source: 'webhook',
  created_at: at(submitted),
  updated_at: at(submitted),
  submitted_at: at(submitted),
  owner_id: 'ann',
  ...extra,
})

async function figures(store: Store, id: string) {
  const row = await sql<Record<string, number | string | null>>`SELECT alert_business_ms, ack_business_ms,
    contact_business_ms, speed_record FROM leads WHERE id = ${id}`.execute(store.db)
  const r = row.rows[0] ?? {}
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  return {
    alert: n(r.alert_business_ms),
    ack: n(r.ack_business_ms),
    contact: n(r.contact_business_ms),
    record: r.speed_record,
  }
}

describe.each(dialectsUnderTest())('%s: speed figures stored with the events', (dialect) => {
  let store: Store
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    const opened = await dialect.open()
    store = { ...opened.store, businessTime: nineToFive }
    cleanup = opened.cleanup
  })
  afterAll(() => cleanup())

  it('stores each business figure and the speed record when the alert, acknowledgement and contact happen', async () => {
    await store.db.insertInto('leads').values(lead('A', '2026-11-23T16:50:00Z')).execute()
    await store.db.transaction().execute(async (trx) => {
      await recordAlerted(trx, ['A'], at('2026-11-23T16:52:00Z'))
      await recordSpeedDurations(trx, store, ['A'])
    })
    expect(await figures(store, 'A')).toEqual({
      alert: 2 * M,
      ack: null,
      contact: null,
      record: `${2 * M},,,${2 * M},,`,
    })
    // 16:50 Monday → 09:10 Tuesday: 10 + 10 working minutes.
    await markAcknowledged(store.db, 'A', 'ann', at('2026-11-24T09:10:00Z'))
    await recordSpeedDurations(store.db, store, ['A'])
    await recordFirstContact(store.db, 'A', at('2026-11-24T10:00:00Z'))
    await recordSpeedDurations(store.db, store, ['A'])
    expect(await figures(store, 'A')).toEqual({
      alert: 2 * M,
      ack: 20 * M,
      contact: 70 * M,
      record: `${2 * M},${980 * M},${1030 * M},${2 * M},${20 * M},${70 * M}`,
    })
  })

  it('forgets a figure and the record when its time moves, whoever moves it, until they are stored again', async () => {
    await store.db.insertInto('leads').values(lead('B', '2026-11-23T16:50:00Z')).execute()
    await recordFirstContact(store.db, 'B', at('2026-11-24T10:00:00Z'))
    await recordSpeedDurations(store.db, store, ['B'])
    expect(await figures(store, 'B')).toMatchObject({ contact: 70 * M })
    // An earlier contact becomes the first: the figure measured up to the later one is gone in the same statement.
    await recordFirstContact(store.db, 'B', at('2026-11-24T09:30:00Z'))
    expect(await figures(store, 'B')).toEqual({ alert: null, ack: null, contact: null, record: null })
    await recordSpeedDurations(store.db, store, ['B'])
    expect(await figures(store, 'B')).toMatchObject({ contact: 40 * M, record: `,,${1000 * M},,,${40 * M}` })
    await store.db
      .updateTable('leads')
      .set({ submitted_at: at('2026-11-23T16:40:00Z') })
      .where('id', '=', 'B')
      .execute()
    expect(await figures(store, 'B')).toMatchObject({ contact: null, record: null })
  })

  it('stores nothing without working hours; the fill at start stores what is missing, signed', async () => {
    const withoutHours = { ...store, businessTime: undefined }
    // The alert's clock is a minute behind LinkedIn's: a negative figure, which the report clamps at 0.
    await store.db
      .insertInto('leads')
      .values(lead('C', '2026-11-23T16:50:00Z', { alerted_at: at('2026-11-23T16:49:00Z') }))
      .execute()
    await markAcknowledged(store.db, 'C', 'ann', at('2026-11-23T16:55:00Z'))
    await recordSpeedDurations(store.db, withoutHours, ['C'])
    expect(await figures(store, 'C')).toEqual({ alert: null, ack: null, contact: null, record: null })
    expect(await fillSpeedDurations(store.db, nineToFive)).toBeGreaterThanOrEqual(1)
    expect(await figures(store, 'C')).toEqual({
      alert: -M,
      ack: 5 * M,
      contact: null,
      record: `${-M},${5 * M},,${-M},${5 * M},`,
    })
    expect(await fillSpeedDurations(store.db, nineToFive)).toBe(0)
  })
})

describe.each(dialectsUnderTest())('%s: the speed-durations migration', (dialect) => {
  it('leaves the figures of existing leads to the fill at start, which stores them', async () => {
    const { store, cleanup } = await dialect.open({ migrate: false })
    try {
      const schema =
        dialect.name === 'postgres'
          ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema
          : undefined
      const migrator = new Migrator({
        db: store.db,
        provider: migrationProvider,
        ...(schema ? { migrationTableSchema: schema } : {}),
      })
      await migrator.migrateTo('2026-12-02-13-report-keys')
      await store.db
        .insertInto('leads')
        .values([
          lead('D', '2026-11-23T16:50:00Z', {
            alerted_at: at('2026-11-23T16:52:00Z'),
            acked_at: at('2026-11-24T09:10:00Z'),
          }),
          lead('E', '2026-11-23T12:00:00Z'),
        ])
        .execute()
      await migrator.migrateToLatest()
      expect(await figures(store, 'D')).toEqual({ alert: null, ack: null, contact: null, record: null })
      await migrateStore({ ...store, businessTime: nineToFive })
      expect(await figures(store, 'D')).toEqual({
        alert: 2 * M,
        ack: 20 * M,
        contact: null,
        record: `${2 * M},${980 * M},,${2 * M},${20 * M},`,
      })
      // A lead with no event yet has nothing to measure, which its record says.
      expect(await figures(store, 'E')).toEqual({ alert: null, ack: null, contact: null, record: ',,,,,' })
    } finally {
      await cleanup()
    }
  })
})
