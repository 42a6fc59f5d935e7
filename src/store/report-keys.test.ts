import { Migrator, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../test/support/dialects.js'
import type { NewEventRow, NewLeadRow } from './database.js'
import { migrationProvider } from './migrations/index.js'
import type { Store } from './store.js'

const lead = (id: string, routing: unknown = null): NewLeadRow => ({
  id,
  urn: `urn:li:leadGenFormResponse:${id}`,
  status: 'enriched',
  received_at: 1,
  test: 0,
  source: 'webhook',
  created_at: 1,
  updated_at: 1,
  submitted_at: 1,
  routing: routing === null ? null : JSON.stringify(routing),
})
const event = (key: string, leadId: string, entity: string | null): NewEventRow => ({
  dedupe_key: key,
  status: 'processed',
  lead_id: leadId,
  associated_entity: entity,
  received_at: 1,
})

async function keysOf(store: Store, id: string) {
  return store.db
    .selectFrom('leads')
    .select(['routing_rule', 'associated_entity'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

describe.each(dialectsUnderTest())('%s: report keys kept on the lead', (dialect) => {
  let store: Store
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ store, cleanup } = await dialect.open())
  })
  afterAll(() => cleanup())

  it('takes the campaign from the first notification that names one, whichever was stored first', async () => {
    await store.db
      .insertInto('events')
      .values(event('a1', 'A', '{"sponsoredCreative":"urn:li:sponsoredCreative:1"}'))
      .execute()
    await store.db.insertInto('leads').values(lead('A')).execute()
    await store.db
      .insertInto('events')
      .values(event('a2', 'A', '{"sponsoredCreative":"urn:li:sponsoredCreative:2"}'))
      .execute()
    expect((await keysOf(store, 'A')).associated_entity).toBe('{"sponsoredCreative":"urn:li:sponsoredCreative:1"}')

    await store.db.insertInto('leads').values(lead('B')).execute()
    await store.db
      .insertInto('events')
      .values(event('b1', 'B', null))
      .execute()
    expect((await keysOf(store, 'B')).associated_entity).toBeNull()
    await store.db
      .insertInto('events')
      .values(event('b2', 'B', '{"sponsoredCreative":"urn:li:sponsoredCreative:3"}'))
      .execute()
    expect((await keysOf(store, 'B')).associated_entity).toBe('{"sponsoredCreative":"urn:li:sponsoredCreative:3"}')
    await store.db.deleteFrom('events').where('dedupe_key', '=', 'b2').execute()
    expect((await keysOf(store, 'B')).associated_entity).toBeNull()
  })

  it('follows the routing rule the stored routing names', async () => {
    await store.db
      .insertInto('leads')
      .values(lead('C', { decision: { ruleName: 'East', ownerId: 'ann' } }))
      .execute()
    expect((await keysOf(store, 'C')).routing_rule).toBe('East')
    await store.db
      .updateTable('leads')
      .set({ routing: JSON.stringify({ decision: { ruleName: 'West' } }) })
      .where('id', '=', 'C')
      .execute()
    expect((await keysOf(store, 'C')).routing_rule).toBe('West')
    await store.db
      .insertInto('leads')
      .values(lead('D', { decision: null }))
      .execute()
    expect((await keysOf(store, 'D')).routing_rule).toBeNull()
  })
})

describe.each(dialectsUnderTest())('%s: the report-keys migration', (dialect) => {
  it('fills the campaign and rule of leads stored before it', async () => {
    // A store migrated up to the migration before, then the rest over existing rows.
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
      await migrator.migrateTo('2026-12-01-14-sequences')
      await store.db
        .insertInto('leads')
        .values(lead('E', { decision: { ruleName: 'North' } }))
        .execute()
      await store.db
        .insertInto('events')
        .values(event('e1', 'E', '{"sponsoredCampaign":"urn:li:sponsoredCampaign:9"}'))
        .execute()
      await migrator.migrateToLatest()
      expect(await keysOf(store, 'E')).toEqual({
        routing_rule: 'North',
        associated_entity: '{"sponsoredCampaign":"urn:li:sponsoredCampaign:9"}',
      })
    } finally {
      await cleanup()
    }
  })
})
