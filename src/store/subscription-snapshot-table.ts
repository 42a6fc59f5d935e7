/**
 * LinkedIn's own list of lead notification subscriptions, one row per owner and lead type the health check
 * asked about, so pages and `leadrelay status` can compare it with ours without calling LinkedIn.
 */
export interface SubscriptionSnapshotTable {
  /** JSON: { sponsoredAccount } or { organization }, as in `subscriptions.owner`. */
  owner: string
  lead_type: string
  /** When LinkedIn last answered; null until it has. */
  fetched_at: number | null
  /** JSON array of the elements LinkedIn returned then, unchanged. */
  elements: string | null
  /** When the health check last asked, answered or not. */
  checked_at: number
  /** Why the last ask failed; null when it was answered. */
  error: string | null
}

/** LinkedIn's ACTIVE/BLOCKED state per webhook URL (developerWebhooks), as the health check last read it. */
export interface WebhookStatusSnapshotTable {
  /** Always `developerWebhooks`: one answer covers every webhook of the developer application. */
  source: string
  fetched_at: number | null
  /** JSON array of { developerApplication, webhookUrl, webhookStatus }. */
  elements: string | null
  checked_at: number
  /** Why the last ask failed (a 403 when the token lacks the developer application permission). */
  error: string | null
}

export interface SnapshotTables {
  subscription_snapshots: SubscriptionSnapshotTable
  webhook_status_snapshots: WebhookStatusSnapshotTable
}
