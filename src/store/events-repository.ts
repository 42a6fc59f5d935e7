import type { EventRow, EventStatus } from './database.js'
import type { Executor } from './executor.js'

export interface EventPage {
  readonly events: readonly EventRow[]
  /** Pass back as `before` for the next (older) page; absent on the last page. */
  readonly nextCursor: number | undefined
}

/** Newest first; `before` is the id of the oldest event already seen. */
export async function listEvents(
  db: Executor,
  options: { readonly limit: number; readonly before?: number | undefined; readonly status?: EventStatus | undefined },
): Promise<EventPage> {
  let query = db
    .selectFrom('events')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
  if (options.before !== undefined) query = query.where('id', '<', options.before)
  if (options.status !== undefined) query = query.where('status', '=', options.status)
  const rows = await query.execute()
  const events = rows.slice(0, options.limit)
  return { events, nextCursor: rows.length > options.limit ? events.at(-1)?.id : undefined }
}

export async function getEvent(db: Executor, id: number): Promise<EventRow | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function setEventStatus(db: Executor, id: number, status: EventStatus, at: Date): Promise<void> {
  await db.updateTable('events').set({ status, processed_at: at.getTime() }).where('id', '=', id).execute()
}

export async function countEventsByStatus(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('events')
    .select(['status', db.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]))
}

/** Deletes all but the newest `keep` quarantined events; returns how many went. */
export async function pruneQuarantined(db: Executor, keep: number): Promise<number> {
  const boundary = await db
    .selectFrom('events')
    .select('id')
    .where('status', '=', 'quarantined')
    .orderBy('id', 'desc')
    .offset(keep)
    .limit(1)
    .executeTakeFirst()
  if (!boundary) return 0
  const result = await db
    .deleteFrom('events')
    .where('status', '=', 'quarantined')
    .where('id', '<=', boundary.id)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
