import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

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
  raw_body: string | null
  signature_variant: string | null
  secret_slot: string | null
  quarantine_reason: string | null
  processed_at: number | null
}

export const EVENT_STATUSES = ['queued', 'awaiting-enrichment', 'processed', 'quarantined', 'failed'] as const
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

export interface Database {
  events: EventTable
  jobs: JobTable
}

export type EventRow = Selectable<EventTable>
export type NewEventRow = Insertable<EventTable>
export type JobRow = Selectable<JobTable>
export type NewJobRow = Insertable<JobTable>
export type JobUpdate = Updateable<JobTable>
