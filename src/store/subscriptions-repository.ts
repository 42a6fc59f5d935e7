import type { Selectable } from 'kysely'
import type { SubscriptionRow } from './database.js'
import type { Executor } from './executor.js'
import type { SubscriptionSnapshotTable, WebhookStatusSnapshotTable } from './subscription-snapshot-table.js'

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

export type SubscriptionSnapshotRow = Selectable<SubscriptionSnapshotTable>

/** LinkedIn answered: its list replaces the last one for this owner and lead type. */
export async function saveSnapshot(
  db: Executor,
  key: { owner: string; leadType: string },
  elements: readonly unknown[],
  at: number,
): Promise<void> {
  const row = { fetched_at: at, elements: JSON.stringify(elements), checked_at: at, error: null }
  await db
    .insertInto('subscription_snapshots')
    .values({ owner: key.owner, lead_type: key.leadType, ...row })
    .onConflict((oc) => oc.columns(['owner', 'lead_type']).doUpdateSet(row))
    .execute()
}

/** LinkedIn could not be asked: the last list it gave stays, with the error beside it. */
export async function saveSnapshotError(
  db: Executor,
  key: { owner: string; leadType: string },
  error: string,
  at: number,
): Promise<void> {
  await db
    .insertInto('subscription_snapshots')
    .values({ owner: key.owner, lead_type: key.leadType, fetched_at: null, elements: null, checked_at: at, error })
    .onConflict((oc) => oc.columns(['owner', 'lead_type']).doUpdateSet({ checked_at: at, error }))
    .execute()
}

/** Drops the lists of owners and lead types we no longer subscribe to, so they stop showing. */
export async function keepSnapshotsOf(db: Executor, keys: readonly { owner: string; leadType: string }[]) {
  const kept = new Set(keys.map((k) => `${k.owner}|${k.leadType}`))
  for (const row of await listSnapshots(db)) {
    if (kept.has(`${row.owner}|${row.lead_type}`)) continue
    await db
      .deleteFrom('subscription_snapshots')
      .where('owner', '=', row.owner)
      .where('lead_type', '=', row.lead_type)
      .execute()
  }
}

export async function listSnapshots(db: Executor): Promise<SubscriptionSnapshotRow[]> {
  return db.selectFrom('subscription_snapshots').selectAll().orderBy('owner').orderBy('lead_type').execute()
}

export type WebhookStatusSnapshotRow = Selectable<WebhookStatusSnapshotTable>
const WEBHOOK_STATUS_SOURCE = 'developerWebhooks'

/** LinkedIn's webhook states replace the last ones; on failure (`elements` null) the last ones stay. */
export async function saveWebhookStatuses(
  db: Executor,
  answer: { elements: readonly unknown[] } | { error: string },
  at: number,
): Promise<void> {
  const row =
    'error' in answer
      ? { checked_at: at, error: answer.error }
      : { fetched_at: at, elements: JSON.stringify(answer.elements), checked_at: at, error: null }
  await db
    .insertInto('webhook_status_snapshots')
    .values({ source: WEBHOOK_STATUS_SOURCE, fetched_at: null, elements: null, ...row })
    .onConflict((oc) => oc.column('source').doUpdateSet(row))
    .execute()
}

export async function webhookStatuses(db: Executor): Promise<WebhookStatusSnapshotRow | undefined> {
  return db
    .selectFrom('webhook_status_snapshots')
    .selectAll()
    .where('source', '=', WEBHOOK_STATUS_SOURCE)
    .executeTakeFirst()
}

export async function clearWebhookStatuses(db: Executor): Promise<void> {
  await db.deleteFrom('webhook_status_snapshots').execute()
}
