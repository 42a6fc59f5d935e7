import type { TimelineRow } from './database.js'
import type { Executor } from './executor.js'

export async function addTimeline(
  db: Executor,
  leadId: string,
  kind: string,
  at: number,
  detail?: string,
): Promise<void> {
  await db
    .insertInto('lead_timeline')
    .values({ lead_id: leadId, kind, at, detail: detail ?? null })
    .execute()
}

export async function getTimeline(db: Executor, leadId: string): Promise<TimelineRow[]> {
  return db.selectFrom('lead_timeline').selectAll().where('lead_id', '=', leadId).orderBy('id').execute()
}

/** Timeline entries after `afterId` (its primary key, so this is a range read): the dashboard's change feed. */
export async function timelineSince(
  db: Executor,
  afterId: number,
  limit: number,
): Promise<{ id: number; lead_id: string; kind: string }[]> {
  return db
    .selectFrom('lead_timeline')
    .select(['id', 'lead_id', 'kind'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute()
}

export async function latestTimelineId(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('lead_timeline')
    .select((eb) => eb.fn.max<number>('id').as('id'))
    .executeTakeFirst()
  return Number(row?.id ?? 0)
}
