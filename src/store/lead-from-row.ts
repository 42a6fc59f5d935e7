import type { RoutingDecision, ScoreResult } from '../routing/index.js'
import type { LeadRow } from './database.js'

/** The routing record saved on a lead: the score, the decision (without rotation positions), hand-made changes. */
export interface StoredRouting {
  readonly score: ScoreResult
  readonly decision: Omit<RoutingDecision, 'positions'> | null
  readonly reassignments?: readonly { from: string | null; to: string; by: string; at: string }[]
}

/** A lead row with its JSON columns parsed, once. */
export interface StoredLead {
  readonly row: LeadRow
  /** Normalised fields by LeadRelay's name; empty for a lead not enriched yet or erased. */
  readonly fields: Readonly<Record<string, string | null>>
  readonly customAnswers: readonly { readonly question: string; readonly answer: string }[]
  readonly routing: StoredRouting | undefined
  /** The campaign LinkedIn named in the lead's metadata, if any. */
  readonly campaign: string | null
  /** Work e-mail, else personal e-mail. */
  readonly email: string | null
}

export function leadFromRow(row: LeadRow): StoredLead {
  const fields = row.fields ? (JSON.parse(row.fields) as Record<string, string | null>) : {}
  const raw = row.raw_response
    ? (JSON.parse(row.raw_response) as { leadMetadata?: { sponsoredLeadMetadata?: { campaign?: string } } })
    : undefined
  return {
    row,
    fields,
    customAnswers: row.custom_answers ? (JSON.parse(row.custom_answers) as StoredLead['customAnswers']) : [],
    routing: row.routing ? (JSON.parse(row.routing) as StoredRouting) : undefined,
    campaign: raw?.leadMetadata?.sponsoredLeadMetadata?.campaign ?? null,
    email: fields.workEmail ?? fields.email ?? null,
  }
}
