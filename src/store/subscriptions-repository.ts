import type { SubscriptionRow } from './database.js'
import type { Executor } from './executor.js'

/** Whether this owner (JSON text) already had a subscription for this lead type, removed or not. */
export async function hasSubscribed(db: Executor, owner: string, leadType: string): Promise<boolean> {
  const row = await db
    .selectFrom('subscriptions')
    .select('id')
    .where('owner', '=', owner)
    .where('lead_type', '=', leadType)
    .executeTakeFirst()
  return row !== undefined
}

/** Stores a subscription LinkedIn created; the same id again revives it with the new webhook. */
export async function saveSubscription(db: Executor, row: SubscriptionRow): Promise<void> {
  await db
    .insertInto('subscriptions')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ removed_at: null, webhook: row.webhook }))
    .execute()
}

export async function markSubscriptionRemoved(db: Executor, id: string, at: number): Promise<void> {
  await db.updateTable('subscriptions').set({ removed_at: at }).where('id', '=', id).execute()
}

/** Oldest first. */
export async function activeSubscriptions(db: Executor): Promise<SubscriptionRow[]> {
  return db.selectFrom('subscriptions').selectAll().where('removed_at', 'is', null).orderBy('created_at').execute()
}
