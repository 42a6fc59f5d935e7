import type { Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { DeliveryKind } from './delivery-kinds.js'
import type { DownstreamDeletionTable, LeadFormTable, LeadTable, LeadTimelineTable } from './lead-tables.js'
import type {
  ChallengeTable,
  LinkedInTokenTable,
  OAuthStateTable,
  PullTable,
  SubscriptionTable,
} from './linkedin-tables.js'
import type { SequenceTables } from './sequence-tables.js'
import type { SnapshotTables } from './subscription-snapshot-table.js'
import type { WebLoginFailureTable, WebSessionTable, WebUserTable } from './web-tables.js'

// Every table's type stays importable from here, wherever its group is declared.
export * from './lead-tables.js'
export * from './linkedin-tables.js'
export * from './web-tables.js'

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

export interface OpsAlertTable {
  key: string
  message: string
  raised_at: number
  resolved_at: number | null
  sent_at: number | null
  last_error: string | null
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
