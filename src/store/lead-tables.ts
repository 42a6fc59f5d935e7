import type { Generated } from 'kysely'

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

export interface DownstreamDeletionTable {
  lead_id: string
  /** A channel or CRM name; the channels that wrote the lead erase it there too. */
  destination: string
  requested_at: number
  done_at: number | null
}
