import type { Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { DeliveryKind } from './delivery-kinds.js'
import type { SequenceTables } from './sequence-tables.js'
import type { SnapshotTables } from './subscription-snapshot-table.js'

/** Times are epoch milliseconds (UTC) in every table and both dialects. */
export interface EventTable {
  id: Generated<number>
  /** `${responseId}:${leadAction}` for notifications; `raw:${sha256}` for quarantined bodies. */
  dedupe_key: string
  status: EventStatus
  lead_gen_form_response: string | null
  lead_id: string | null
  lead_action: string | null
  lead_type: string | null
  lead_gen_form: string | null
  /** JSON text. */
  owner: string | null
  /** JSON text. */
  associated_entity: string | null
  occurred_at: number | null
  received_at: number
  /** Bodies received before raw_bytes existed; new rows keep raw_bytes only. */
  raw_body: string | null
  /** The exact bytes LinkedIn signed. */
  raw_bytes: Buffer | null
  signature_variant: string | null
  secret_slot: string | null
  quarantine_reason: string | null
  processed_at: number | null
}

export const EVENT_STATUSES = ['queued', 'processed', 'quarantined', 'failed'] as const
export type EventStatus = (typeof EVENT_STATUSES)[number]

export interface JobTable {
  id: Generated<number>
  name: string
  /** JSON text. */
  payload: string
  /** Unique among existing jobs: enqueueing the same key again is a no-op. */
  job_key: string | null
  state: JobState
  run_at: number
  attempts: number
  max_attempts: number
  locked_by: string | null
  locked_until: number | null
  last_error: string | null
  created_at: number
  updated_at: number
}

export type JobState = 'pending' | 'running' | 'dead'

export const LEAD_STATUSES = ['received', 'enriched', 'failed', 'deleted'] as const
export type LeadStatus = (typeof LEAD_STATUSES)[number]

export interface LeadTable {
  /** LinkedIn's lead (form response) id. */
  id: string
  urn: string
  status: LeadStatus
  lead_type: string | null
  form_id: string | null
  form_version: number | null
  /** JSON text. */
  owner: string | null
  submitted_at: number | null
  received_at: number
  /** 0 or 1. */
  test: number
  /** How the lead first reached us: 'webhook' or 'pull'. */
  source: string
  /** Personal data below (JSON text); erased when LinkedIn says the lead was deleted. */
  fields: string | null
  custom_answers: string | null
  consents: string | null
  hidden_fields: string | null
  raw_response: string | null
  /** Lower-cased name, e-mail and company, for `q=` searches; erased with the rest. */
  search_text: string | null
  /** ENCRYPT_PERSONAL_DATA: keyed hash of the e-mail (see personal-data.ts), for exact lookups; else null. */
  email_hash: Generated<string | null>
  failure_reason: string | null
  fetched_at: number | null
  deleted_at: number | null
  created_at: number
  updated_at: number
  score: number | null
  priority: string | null
  owner_id: string | null
  /** JSON: score contributions and the routing decision with its reasons. */
  routing: string | null
  assigned_at: number | null
  acked_at: number | null
  acked_by: string | null
  escalation_level: number | null
  /** The current outcome stage (contacted, qualified, disqualified, won, lost) and who set it when. */
  outcome: string | null
  outcome_at: number | null
  outcome_by: string | null
  disqualify_reason: string | null
  won_amount: number | null
  won_currency: string | null
  /** The earliest contact (outcome, owner's sequence e-mail, CRM engagement); never moves later. */
  contacted_at: number | null
  /** The first time the lead reached qualified (or won). */
  qualified_at: number | null
  /** The first sales alert delivered (not a CRM write or a conversion event). */
  alerted_at: number | null
  /** The sponsored campaign URN the lead came through, when LinkedIn says. */
  campaign: Generated<string | null>
  /** Computed by the database from `routing`: the routing rule's name, for reports. */
  routing_rule: Generated<string | null>
  /** Kept by triggers: the first notification's associatedEntity (JSON text), the reports' campaign. */
  associated_entity: Generated<string | null>
}

export interface LeadTimelineTable {
  id: Generated<number>
  lead_id: string
  at: number
  kind: string
  /** Ids, counts and reasons: never personal data. */
  detail: string | null
}

export interface LeadFormTable {
  form_id: string
  version: number
  /** The form as LinkedIn returned it (JSON text); forms hold questions, not personal data. */
  body: string
  fetched_at: number
}

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

export interface DownstreamDeletionTable {
  lead_id: string
  /** A channel or CRM name; the channels that wrote the lead erase it there too. */
  destination: string
  requested_at: number
  done_at: number | null
}

export const DELIVERY_STATES = ['pending', 'sending', 'delivered', 'dead', 'muted', 'disabled'] as const
export type DeliveryState = (typeof DELIVERY_STATES)[number]

export interface DeliveryTable {
  id: Generated<number>
  /** The lead; for `ops` deliveries the operator alert's id (see delivery-kinds.ts). */
  lead_id: string
  channel: string
  kind: DeliveryKind
  idempotency_key: string
  state: DeliveryState
  attempts: number
  last_error: string | null
  external_id: string | null
  /** Set while (and after) the delivery went out inside a digest message. */
  digest_id: string | null
  created_at: number
  delivered_at: number | null
  updated_at: number
}

export interface ChannelStateTable {
  name: string
  next_slot_at: number
  disabled_at: number | null
  disabled_reason: string | null
}

export interface RoutingPositionTable {
  key: string
  position: number
}

export interface SettingTable {
  key: string
  value: string
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

export interface OpsAlertTable {
  key: string
  message: string
  raised_at: number
  resolved_at: number | null
  sent_at: number | null
  last_error: string | null
}

export const WEB_ROLES = ['admin', 'manager', 'rep'] as const
export type WebRole = (typeof WEB_ROLES)[number]

export interface WebUserTable {
  id: Generated<number>
  email: string
  name: string
  role: WebRole
  /** The team member a rep is; their leads are the ones routed to this id. */
  member_id: string | null
  password_hash: string
  created_at: number
  updated_at: number
}

export interface WebSessionTable {
  /** SHA-256 (hex) of the cookie's token. */
  id: string
  user_id: number
  /** The synchronizer token every state-changing request of this session must carry. */
  csrf_token: string
  created_at: number
  last_seen_at: number
  /** Absolute expiry: the session ends then, however active. */
  expires_at: number
}

export interface WebLoginFailureTable {
  id: Generated<number>
  key: string
  at: number
}

export interface Database extends SequenceTables, SnapshotTables {
  events: EventTable
  jobs: JobTable
  leads: LeadTable
  lead_timeline: LeadTimelineTable
  lead_forms: LeadFormTable
  linkedin_tokens: LinkedInTokenTable
  oauth_states: OAuthStateTable
  downstream_deletions: DownstreamDeletionTable
  deliveries: DeliveryTable
  channel_states: ChannelStateTable
  routing_positions: RoutingPositionTable
  settings: SettingTable
  subscriptions: SubscriptionTable
  challenges: ChallengeTable
  pulls: PullTable
  ops_alerts: OpsAlertTable
  web_users: WebUserTable
  web_sessions: WebSessionTable
  web_login_failures: WebLoginFailureTable
}

export type WebUserRow = Selectable<WebUserTable>
export type WebSessionRow = Selectable<WebSessionTable>

export type PullRow = Selectable<PullTable>

export type SubscriptionRow = Selectable<SubscriptionTable>

export type DeliveryRow = Selectable<DeliveryTable>

export type LeadRow = Selectable<LeadTable>
export type NewLeadRow = Insertable<LeadTable>
export type TimelineRow = Selectable<LeadTimelineTable>
export type TokenRow = Selectable<LinkedInTokenTable>

export type EventRow = Selectable<EventTable>
export type NewEventRow = Insertable<EventTable>
export type JobRow = Selectable<JobTable>
export type NewJobRow = Insertable<JobTable>
export type JobUpdate = Updateable<JobTable>
