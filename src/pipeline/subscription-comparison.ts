import type { SubscriptionRow, subscriptionsRepository } from '../store/index.js'

type SnapshotRow = subscriptionsRepository.SubscriptionSnapshotRow

/**
 * - matching: LinkedIn lists it with our webhook (and, if it says, an ACTIVE state);
 * - missing-at-linkedin: ours, but LinkedIn's list does not have it: no webhook will come for it;
 * - unknown-to-us: LinkedIn lists it for one of our owners, but we did not make it (another install?);
 * - not-active: LinkedIn gives it a state other than ACTIVE (BLOCKED after three failed challenges);
 * - webhook-differs: LinkedIn sends it somewhere else;
 * - not-checked: LinkedIn has not answered for this owner and lead type yet.
 */
export type SubscriptionMatch =
  | 'matching'
  | 'missing-at-linkedin'
  | 'unknown-to-us'
  | 'not-active'
  | 'webhook-differs'
  | 'not-checked'

export interface ComparedSubscription {
  readonly id: string
  readonly owner: Record<string, string>
  readonly leadType: string
  readonly match: SubscriptionMatch
  readonly ours: { readonly webhook: string; readonly createdAt: string } | null
  readonly linkedin: {
    readonly webhook: string | null
    readonly leadType: string | null
    readonly owner: Record<string, string> | null
    /** LinkedIn's documented entity has no state; shown when a response carries one (`status`/`state`). */
    readonly state: string | null
    readonly associatedEntity: unknown
  } | null
}

export interface SnapshotInfo {
  readonly owner: Record<string, string>
  readonly leadType: string
  readonly fetchedAt: string | null
  readonly checkedAt: string
  /** Seconds since LinkedIn last answered; null when it never has. */
  readonly ageSeconds: number | null
  readonly error: string | null
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString())
const text = (value: unknown) => (typeof value === 'string' ? value : null)

function stateOf(element: Record<string, unknown>): string | null {
  return text(element.status) ?? text(element.state) ?? text(element.webhookStatus)
}

/** Ours next to LinkedIn's last known list, from the database only. */
export function compareSubscriptions(
  local: readonly SubscriptionRow[],
  snapshots: readonly SnapshotRow[],
  now: number,
): { readonly snapshots: SnapshotInfo[]; readonly subscriptions: ComparedSubscription[] } {
  const remote = new Map<string, Record<string, unknown>[]>()
  for (const s of snapshots)
    if (s.elements !== null)
      remote.set(`${s.owner}|${s.lead_type}`, JSON.parse(s.elements) as Record<string, unknown>[])
  const linkedinView = (e: Record<string, unknown>) => ({
    webhook: text(e.webhook),
    leadType: text(e.leadType),
    owner: (e.owner as Record<string, string> | undefined) ?? null,
    state: stateOf(e),
    associatedEntity: e.associatedEntity ?? null,
  })
  const ourIds = new Set(local.map((s) => s.id))
  const compared: ComparedSubscription[] = local.map((s) => {
    const listed = remote.get(`${s.owner}|${s.lead_type}`)
    const element = listed?.find((e) => String(e.id) === s.id)
    const linkedin = element ? linkedinView(element) : null
    const state = linkedin?.state?.toUpperCase()
    const match: SubscriptionMatch = !listed
      ? 'not-checked'
      : !linkedin
        ? 'missing-at-linkedin'
        : state !== undefined && state !== 'ACTIVE'
          ? 'not-active'
          : linkedin.webhook !== null && linkedin.webhook !== s.webhook
            ? 'webhook-differs'
            : 'matching'
    return {
      id: s.id,
      owner: JSON.parse(s.owner) as Record<string, string>,
      leadType: s.lead_type,
      match,
      ours: { webhook: s.webhook, createdAt: iso(s.created_at) as string },
      linkedin,
    }
  })
  for (const s of snapshots) {
    for (const e of remote.get(`${s.owner}|${s.lead_type}`) ?? []) {
      if (ourIds.has(String(e.id))) continue
      compared.push({
        id: String(e.id),
        owner: JSON.parse(s.owner) as Record<string, string>,
        leadType: s.lead_type,
        match: 'unknown-to-us',
        ours: null,
        linkedin: linkedinView(e),
      })
    }
  }
  return {
    snapshots: snapshots.map((s) => ({
      owner: JSON.parse(s.owner) as Record<string, string>,
      leadType: s.lead_type,
      fetchedAt: iso(s.fetched_at),
      checkedAt: iso(s.checked_at) as string,
      ageSeconds: s.fetched_at === null ? null : Math.round((now - Number(s.fetched_at)) / 1000),
      error: s.error,
    })),
    subscriptions: compared,
  }
}
