import type { Generated } from 'kysely'

export interface LinkedInTokenTable {
  /** One row per connection; 'default' for now. */
  id: string
  /** Encrypted with LEADRELAY_SECRET_KEY when set (see util/secret-box.ts). */
  access_token: string
  access_expires_at: number | null
  refresh_token: string | null
  refresh_expires_at: number | null
  scope: string | null
  /** 'oauth', 'cli' or 'env'. */
  source: string
  last_refresh_at: number | null
  last_refresh_error: string | null
  updated_at: number
}

export interface OAuthStateTable {
  state: string
  created_at: number
  expires_at: number
  used_at: number | null
}

export interface SubscriptionTable {
  id: string
  /** JSON: { sponsoredAccount } or { organization }. */
  owner: string
  lead_type: string
  versioned_form: string | null
  webhook: string
  created_at: number
  removed_at: number | null
}

export interface ChallengeTable {
  id: Generated<number>
  at: number
  outcome: string
}

export interface PullTable {
  id: Generated<number>
  kind: 'backfill' | 'reconcile'
  /** JSON: { sponsoredAccount } or { organization }. */
  owner: string
  lead_type: string
  since: number
  until: number
  window_start: number
  page_start: number
  /** Leads LinkedIn listed, leads we already held, leads recovered by this pull. */
  linkedin_count: number
  held: number
  recovered: number
  state: 'running' | 'done' | 'failed'
  error: string | null
  started_at: number
  updated_at: number
  finished_at: number | null
}
