import { sql } from 'kysely'
import type { DeliveryRow, DeliveryState } from './database.js'
import type { DeliveryKind } from './delivery-kinds.js'
import type { Executor } from './executor.js'

export { getDeliveryByKey, wakeWaitingTasks } from './task-deliveries.js'

/** Creates the delivery unless one exists for the same lead, channel and kind; returns its id when new. */
export async function createDelivery(
  db: Executor,
  delivery: {
    leadId: string
    channel: string
    kind: DeliveryKind
    state: DeliveryState
    at: number
    reason?: string
    /** For deletions: the record id the channel's create returned. */
    externalId?: string | null
    /** The idempotency key, when lead, channel and kind do not make one (a sequence step's own key). */
    key?: string
  },
): Promise<number | undefined> {
  const inserted = await db
    .insertInto('deliveries')
    .values({
      lead_id: delivery.leadId,
      channel: delivery.channel,
      kind: delivery.kind,
      idempotency_key: delivery.key ?? `${delivery.leadId}:${delivery.channel}:${delivery.kind}`,
      state: delivery.state,
      attempts: 0,
      last_error: delivery.reason ?? null,
      external_id: delivery.externalId ?? null,
      digest_id: null,
      created_at: delivery.at,
      delivered_at: null,
      updated_at: delivery.at,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  return inserted?.id
}

export async function getDelivery(db: Executor, id: number): Promise<DeliveryRow | undefined> {
  return db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function recordAttempt(db: Executor, ids: readonly number[], error: string | null, at: number) {
  if (ids.length === 0) return
  await db
    .updateTable('deliveries')
    .set({ attempts: sql`attempts + 1`, last_error: error, updated_at: at })
    .where('id', 'in', ids)
    .execute()
}

export async function setDeliveryState(
  db: Executor,
  ids: readonly number[],
  state: DeliveryState,
  at: number,
  extra: { externalId?: string | undefined; error?: string | undefined } = {},
) {
  if (ids.length === 0) return
  await db
    .updateTable('deliveries')
    .set({
      state,
      updated_at: at,
      ...(state === 'delivered' ? { delivered_at: at, external_id: extra.externalId ?? null, last_error: null } : {}),
      ...(extra.error !== undefined ? { last_error: extra.error } : {}),
      ...(state === 'pending' ? { digest_id: null } : {}),
    })
    .where('id', 'in', ids)
    .execute()
}

/**
 * Takes every pending delivery of a channel (up to `limit`, oldest first) for one digest message.
 * Marked `sending` with the digest id, so no other worker sends them too.
 */
export async function takeForDigest(db: Executor, channel: string, digestId: string, limit: number, at: number) {
  const ids = db
    .selectFrom('deliveries')
    .select('id')
    .where('channel', '=', channel)
    .where('state', '=', 'pending')
    // Operator alerts go one by one, never inside a digest of leads.
    .where('kind', '!=', 'ops')
    .orderBy('id')
    .limit(limit)
  return db
    .updateTable('deliveries')
    .set({ state: 'sending', digest_id: digestId, updated_at: at })
    .where('id', 'in', ids)
    .where('state', '=', 'pending')
    .returningAll()
    .execute()
}

export async function listDeliveries(
  db: Executor,
  options: { state?: DeliveryState; channel?: string; leadId?: string; limit: number; before?: number },
): Promise<DeliveryRow[]> {
  let query = db.selectFrom('deliveries').selectAll().orderBy('id', 'desc').limit(options.limit)
  if (options.state) query = query.where('state', '=', options.state)
  if (options.channel) query = query.where('channel', '=', options.channel)
  if (options.leadId) query = query.where('lead_id', '=', options.leadId)
  if (options.before !== undefined) query = query.where('id', '<', options.before)
  return query.execute()
}

export async function countDeliveriesByState(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['state', db.fn.countAll<number>().as('count')])
    .groupBy('state')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.count)]))
}

/**
 * Claims the channel's next send slot if it is free now: at most one message per `intervalMs` per
 * channel across every worker. True when this caller got the slot.
 */
export async function claimSendSlot(db: Executor, channel: string, now: number, intervalMs: number): Promise<boolean> {
  await db
    .insertInto('channel_states')
    .values({ name: channel, next_slot_at: 0, disabled_at: null, disabled_reason: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  const result = await db
    .updateTable('channel_states')
    .set({ next_slot_at: now + intervalMs })
    .where('name', '=', channel)
    .where('next_slot_at', '<=', now)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * After a paced send: the next slot is at least `until` (its answer's time + the pace), so two messages
 * are spaced by the pace as the destination sees them, however long building and sending took.
 */
export async function holdSendSlot(db: Executor, channel: string, until: number): Promise<void> {
  await db
    .updateTable('channel_states')
    .set({ next_slot_at: until })
    .where('name', '=', channel)
    .where('next_slot_at', '<', until)
    .execute()
}

export async function nextSendSlot(db: Executor, channel: string): Promise<number> {
  const row = await db
    .selectFrom('channel_states')
    .select('next_slot_at')
    .where('name', '=', channel)
    .executeTakeFirst()
  return row?.next_slot_at ?? 0
}

export async function disableChannel(db: Executor, channel: string, reason: string, at: number) {
  await db
    .insertInto('channel_states')
    .values({ name: channel, next_slot_at: 0, disabled_at: at, disabled_reason: reason })
    .onConflict((oc) => oc.column('name').doUpdateSet({ disabled_at: at, disabled_reason: reason }))
    .execute()
}

export async function enableChannel(db: Executor, channel: string) {
  await db
    .updateTable('channel_states')
    .set({ disabled_at: null, disabled_reason: null })
    .where('name', '=', channel)
    .execute()
}

export async function disabledChannels(db: Executor): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('channel_states')
    .select(['name', 'disabled_reason'])
    .where('disabled_at', 'is not', null)
    .execute()
  return new Map(rows.map((r) => [r.name, r.disabled_reason ?? 'disabled']))
}

export async function getSetting(db: Executor, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value
}

/** Stores the value unless the key exists; returns whatever is stored now (first writer wins). */
export async function ensureSetting(db: Executor, key: string, value: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  return (await getSetting(db, key)) as string
}

/** Starts a dead-lettered or disabled delivery again from its first attempt. */
export async function resetForReplay(db: Executor, id: number, at: number): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ state: 'pending', attempts: 0, last_error: null, digest_id: null, updated_at: at })
    .where('id', '=', id)
    .execute()
}

/** The channels (among `channels`) that hold this lead, with the record id each create returned. */
export async function deliveredCreates(
  db: Executor,
  leadId: string,
  channels: readonly string[],
): Promise<{ channel: string; external_id: string | null }[]> {
  if (channels.length === 0) return []
  return db
    .selectFrom('deliveries')
    .select(['channel', 'external_id'])
    .where('lead_id', '=', leadId)
    .where('kind', '=', 'new-lead')
    .where('state', '=', 'delivered')
    .where('channel', 'in', [...channels])
    .execute()
}

/** Ids of the deliveries a disabled channel held back while it was off (oldest first). */
export async function disabledDeliveryIds(db: Executor, channel: string): Promise<number[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select('id')
    .where('channel', '=', channel)
    .where('state', '=', 'disabled')
    .orderBy('id')
    .execute()
  return rows.map((r) => r.id)
}

export async function countDeliveriesByChannelAndState(
  db: Executor,
): Promise<{ channel: string; state: DeliveryState; n: number }[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['channel', 'state', db.fn.countAll<number>().as('n')])
    .groupBy(['channel', 'state'])
    .execute()
  return rows.map((r) => ({ channel: r.channel, state: r.state, n: Number(r.n) }))
}

/** Every channel that has a state row: pacing slot and, when it was turned off, why and when. */
export async function channelStates(db: Executor) {
  return db.selectFrom('channel_states').selectAll().orderBy('name').execute()
}

export async function setSetting(db: Executor, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute()
}
