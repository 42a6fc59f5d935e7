import { type Selectable, sql } from 'kysely'
import type { OpsAlertTable } from './database.js'
import type { Executor } from './executor.js'

export type OpsAlertRow = Selectable<OpsAlertTable>

/** The stable id of one raising of an alert: the deliveries of that raising carry it. */
export function opsAlertId(alert: Pick<OpsAlertRow, 'key' | 'raised_at'>): string {
  return `ops:${alert.key}:${alert.raised_at}`
}

/**
 * Opens the alert unless one with the same key is open (one outage, one message); a resolved one is
 * raised again. Returns the row when this call raised it.
 */
export async function openOpsAlert(
  db: Executor,
  key: string,
  message: string,
  at: number,
): Promise<OpsAlertRow | undefined> {
  const open = await db.selectFrom('ops_alerts').select('resolved_at').where('key', '=', key).executeTakeFirst()
  if (open && open.resolved_at === null) return undefined
  const row = { key, message, raised_at: at, resolved_at: null, sent_at: null, last_error: null }
  await db
    .insertInto('ops_alerts')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ message, raised_at: at, resolved_at: null, sent_at: null, last_error: null }),
    )
    .execute()
  return row
}

export async function resolveOpsAlert(db: Executor, key: string, at: number): Promise<void> {
  await db
    .updateTable('ops_alerts')
    .set({ resolved_at: at })
    .where('key', '=', key)
    .where('resolved_at', 'is', null)
    .execute()
}

export async function getOpsAlert(db: Executor, key: string): Promise<OpsAlertRow | undefined> {
  return db.selectFrom('ops_alerts').selectAll().where('key', '=', key).executeTakeFirst()
}

/** Oldest first. */
export async function openOpsAlerts(db: Executor): Promise<OpsAlertRow[]> {
  return db.selectFrom('ops_alerts').selectAll().where('resolved_at', 'is', null).orderBy('raised_at').execute()
}

/** The first destination that took this raising marks it sent; `error` records why none could. */
export async function markOpsAlertSent(db: Executor, key: string, raisedAt: number, at: number, error?: string) {
  await db
    .updateTable('ops_alerts')
    .set({ sent_at: at, last_error: error ?? null })
    .where('key', '=', key)
    .where('raised_at', '=', raisedAt)
    .where('sent_at', 'is', null)
    .execute()
}

export async function recordOpsAlertError(db: Executor, key: string, raisedAt: number, error: string) {
  await db
    .updateTable('ops_alerts')
    .set({ last_error: error })
    .where('key', '=', key)
    .where('raised_at', '=', raisedAt)
    .execute()
}

/** The raising a delivery's id names (see {@link opsAlertId}); undefined once the alert was raised again. */
export async function getOpsAlertById(db: Executor, id: string): Promise<OpsAlertRow | undefined> {
  return db
    .selectFrom('ops_alerts')
    .selectAll()
    .where(sql<string>`'ops:' || ${sql.ref('key')} || ':' || ${sql.ref('raised_at')}`, '=', id)
    .executeTakeFirst()
}
