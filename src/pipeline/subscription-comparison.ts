import type { SubscriptionRow, subscriptionsRepository } from '../store/index.js'

type SnapshotRow = subscriptionsRepository.SubscriptionSnapshotRow
type WebhookStatusRow = subscriptionsRepository.WebhookStatusSnapshotRow

/**
 * - matching: LinkedIn lists it with our webhook (and, if it says, an ACTIVE state);
 * - missing-at-linkedin: ours, but LinkedIn's list does not have it: no webhook will come for it;
 * - unknown-to-us: LinkedIn lists it for one of our owners, but we did not make it (another install?);
 * - not-active: LinkedIn reports its webhook BLOCKED (developerWebhooks: three failed challenges in a
 *   row), or the subscription carries a state other than ACTIVE;
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
  /** LinkedIn's developerWebhooks state of the webhook it sends to; null when it did not report one. */
  readonly webhookStatus: 'ACTIVE' | 'BLOCKED' | null
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

/** How the health check's last developerWebhooks ask went; null when it never asked. */
export interface WebhookStatusInfo {
  readonly fetchedAt: string | null
  readonly checkedAt: string
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
  webhookStatuses?: WebhookStatusRow,
): {
  readonly snapshots: SnapshotInfo[]
  readonly webhooks: WebhookStatusInfo | null
  readonly subscriptions: ComparedSubscription[]
} {
  const states = new Map<string, 'ACTIVE' | 'BLOCKED'>()
  for (const e of JSON.parse(webhookStatuses?.elements ?? '[]') as { webhookUrl: string; webhookStatus: string }[])
    if (states.get(e.webhookUrl) !== 'BLOCKED')
      states.set(e.webhookUrl, e.webhookStatus === 'BLOCKED' ? 'BLOCKED' : 'ACTIVE')
  const statusOf = (webhook: string | null) => (webhook === null ? null : (states.get(webhook) ?? null))
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
    const webhookStatus = statusOf(linkedin?.webhook ?? s.webhook)
    // BLOCKED is known without the list, so it beats not-checked; a missing subscription is worse still.
    const match: SubscriptionMatch =
      listed && !linkedin
        ? 'missing-at-linkedin'
        : webhookStatus === 'BLOCKED' || (state !== undefined && state !== 'ACTIVE')
          ? 'not-active'
          : !listed || !linkedin
            ? 'not-checked'
            : linkedin.webhook !== null && linkedin.webhook !== s.webhook
              ? 'webhook-differs'
              : 'matching'
    return {
      id: s.id,
      owner: JSON.parse(s.owner) as Record<string, string>,
      leadType: s.lead_type,
      match,
      webhookStatus,
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
        webhookStatus: statusOf(text(e.webhook)),
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
    webhooks: webhookStatuses
      ? {
          fetchedAt: iso(webhookStatuses.fetched_at),
          checkedAt: iso(webhookStatuses.checked_at) as string,
          ageSeconds:
            webhookStatuses.fetched_at === null ? null : Math.round((now - Number(webhookStatuses.fetched_at)) / 1000),
          error: webhookStatuses.error,
        }
      : null,
    subscriptions: compared,
  }
}
