import type { LeadNotificationSubscription, Owner, SubscriptionsClient } from '../linkedin/index.js'
import { challengesRepository, type Store, type SubscriptionRow, subscriptionsRepository } from '../store/index.js'
import { startPull } from './pull-leads.js'

export const WEBHOOK_PATH = '/webhooks/linkedin'

/** Subscribes `webhook` to an owner's leads of one type; LinkedIn challenges the webhook first. */
export async function subscribe(
  store: Store,
  client: SubscriptionsClient,
  request: { webhook: string; owner: Owner; leadType: string; versionedForm?: string | undefined },
  at: number,
  /** The first subscription of an owner and lead type starts a backfill this far back (LinkedIn keeps 365 days). */
  backfillMs = 0,
): Promise<SubscriptionRow & { backfill?: number }> {
  const before = await subscriptionsRepository.hasSubscribed(store.db, JSON.stringify(request.owner), request.leadType)
  const id = await client.create({
    webhook: request.webhook,
    owner: request.owner,
    leadType: request.leadType,
    ...(request.versionedForm ? { versionedForm: request.versionedForm } : {}),
  })
  const row: SubscriptionRow = {
    id,
    owner: JSON.stringify(request.owner),
    lead_type: request.leadType,
    versioned_form: request.versionedForm ?? null,
    webhook: request.webhook,
    created_at: at,
    removed_at: null,
  }
  await subscriptionsRepository.saveSubscription(store.db, row)
  if (before || backfillMs <= 0) return row
  const backfill = await startPull(
    store,
    { kind: 'backfill', owner: request.owner, leadType: request.leadType, since: at - backfillMs, until: at },
    new Date(at),
  )
  return { ...row, backfill }
}

export async function unsubscribe(store: Store, client: SubscriptionsClient, id: string, at: number): Promise<void> {
  await client.remove(id)
  await subscriptionsRepository.markSubscriptionRemoved(store.db, id, at)
}

export async function activeSubscriptions(store: Store): Promise<SubscriptionRow[]> {
  return subscriptionsRepository.activeSubscriptions(store.db)
}

export interface SubscriptionState {
  readonly local: SubscriptionRow
  /** What LinkedIn says now; undefined when LinkedIn no longer lists it. */
  readonly remote: LeadNotificationSubscription | undefined
}

/** Our subscriptions next to LinkedIn's own list, so a subscription LinkedIn dropped shows up. */
export async function subscriptionStates(store: Store, client: SubscriptionsClient): Promise<SubscriptionState[]> {
  const local = await activeSubscriptions(store)
  const remote = new Map<string, LeadNotificationSubscription>()
  const seen = new Set<string>()
  for (const row of local) {
    const key = `${row.owner}|${row.lead_type}`
    if (seen.has(key)) continue
    seen.add(key)
    for (const s of await client.list(JSON.parse(row.owner) as Owner, row.lead_type)) remote.set(s.id, s)
  }
  return local.map((row) => ({ local: row, remote: remote.get(row.id) }))
}

/**
 * Deletes and re-creates every subscription: LinkedIn challenges the webhook again on creation, which is
 * how a webhook LinkedIn BLOCKED (three failed re-validations) comes back.
 */
export async function revalidateSubscriptions(store: Store, client: SubscriptionsClient, at: number) {
  const results: { old: string; new?: string; error?: string }[] = []
  for (const row of await activeSubscriptions(store)) {
    try {
      await unsubscribe(store, client, row.id, at)
      const created = await subscribe(
        store,
        client,
        {
          webhook: row.webhook,
          owner: JSON.parse(row.owner) as Owner,
          leadType: row.lead_type,
          versionedForm: row.versioned_form ?? undefined,
        },
        at,
      )
      results.push({ old: row.id, new: created.id })
    } catch (error) {
      results.push({ old: row.id, error: (error as Error).message })
    }
  }
  return results
}

/** Records a challenge LinkedIn sent, after the answer went out (the challenge path does no I/O first). */
export async function recordChallenge(store: Store, at: number, outcome: 'answered' | 'refused' | 'not-configured') {
  await challengesRepository.recordChallenge(store.db, at, outcome)
}

export async function lastChallenge(store: Store): Promise<{ at: number; outcome: string } | undefined> {
  return challengesRepository.lastChallenge(store.db)
}
