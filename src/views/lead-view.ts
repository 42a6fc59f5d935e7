import { formatDisplayDate } from '../pipeline/index.js'
import type { LeadRow, TimelineRow } from '../store/index.js'

/**
 * The lead as the API, the CLI and (later) the dashboard show it: camelCase, ISO-8601 UTC times, plus
 * the same times shown as MM/DD/YYYY hh:mm AM/PM in the configured zone. A deleted lead is a tombstone.
 */
export function leadView(row: LeadRow, timeline: readonly TimelineRow[] | undefined, timeZone: string) {
  const parse = <T>(json: string | null): T | null => (json ? (JSON.parse(json) as T) : null)
  const stored = parse<Record<string, unknown> & { warnings?: string[] }>(row.fields)
  const { warnings = [], ...fields } = stored ?? {}
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  const shown = (ms: number | null) => (ms === null ? null : formatDisplayDate(ms, timeZone))
  return {
    id: row.id,
    urn: row.urn,
    status: row.status,
    leadType: row.lead_type,
    formId: row.form_id,
    formVersion: row.form_version,
    owner: parse<Record<string, string>>(row.owner),
    submittedAt: iso(row.submitted_at),
    receivedAt: iso(row.received_at),
    deletedAt: iso(row.deleted_at),
    test: row.test === 1,
    source: row.source,
    failureReason: row.failure_reason,
    fields: stored ? fields : null,
    warnings,
    customAnswers: parse<unknown[]>(row.custom_answers),
    consents: parse<unknown[]>(row.consents),
    hiddenFields: parse<Record<string, string>>(row.hidden_fields),
    score: row.score,
    priority: row.priority,
    ownerId: row.owner_id,
    assignedAt: iso(row.assigned_at),
    acknowledgedAt: iso(row.acked_at),
    acknowledgedBy: row.acked_by,
    /** What became of the lead; null until someone (or a CRM read-back) says. */
    outcome: row.outcome
      ? {
          stage: row.outcome,
          at: iso(row.outcome_at),
          by: row.outcome_by,
          reason: row.disqualify_reason,
          amount: row.won_amount,
          currency: row.won_currency,
        }
      : null,
    contactedAt: iso(row.contacted_at),
    qualifiedAt: iso(row.qualified_at),
    /** Score contributions and the routing decision, with reasons and who was skipped. */
    routing: parse<Record<string, unknown>>(row.routing),
    display: { timeZone, submittedAt: shown(row.submitted_at), receivedAt: shown(row.received_at) },
    ...(timeline
      ? { timeline: timeline.map((t) => ({ at: iso(t.at), shownAt: shown(t.at), kind: t.kind, detail: t.detail })) }
      : {}),
  }
}

export type LeadView = ReturnType<typeof leadView>

export function encodeLeadCursor(cursor: { receivedAt: number; id: string }): string {
  return Buffer.from(`${cursor.receivedAt}:${cursor.id}`).toString('base64url')
}

export function decodeLeadCursor(text: string): { receivedAt: number; id: string } | undefined {
  const [at, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split(':')
  const receivedAt = Number(at)
  return Number.isFinite(receivedAt) && rest.length > 0 ? { receivedAt, id: rest.join(':') } : undefined
}
