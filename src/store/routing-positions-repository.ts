import type { Executor } from './executor.js'
import type { Capabilities } from './store.js'

/**
 * The rotation positions of these rules, created at 0 when new. Every worker shares them, so with row
 * locks (PostgreSQL) they stay locked until the caller's transaction ends.
 */
export async function lockPositions(
  db: Executor,
  keys: readonly string[],
  capabilities: Pick<Capabilities, 'rowLocks'>,
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map()
  await db
    .insertInto('routing_positions')
    .values(keys.map((key) => ({ key, position: 0 })))
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  let query = db
    .selectFrom('routing_positions')
    .selectAll()
    .where('key', 'in', [...keys])
  if (capabilities.rowLocks) query = query.forUpdate()
  return new Map((await query.execute()).map((row) => [row.key, row.position]))
}

export async function savePosition(db: Executor, key: string, position: number): Promise<void> {
  await db.updateTable('routing_positions').set({ position }).where('key', '=', key).execute()
}

/** Every rule's position, for dry runs that start where production is. */
export async function allPositions(db: Executor): Promise<Map<string, number>> {
  const rows = await db.selectFrom('routing_positions').selectAll().execute()
  return new Map(rows.map((r) => [r.key, r.position]))
}
