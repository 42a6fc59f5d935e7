import { formatDisplayDate } from '../../pipeline/index.js'
import { startOfLocalDay } from '../../routing/index.js'
import type { LeadRow } from '../../store/index.js'

/** `3m`, `2h 05m`, `4d 3h`: compact enough for a table cell at 375 px. */
export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000))
  if (minutes < 60) return `${minutes}m`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`
  return `${Math.floor(hours / 24)}d ${hours % 24}h`
}

export function shownAt(ms: number | null | undefined, timeZone: string): string {
  return ms === null || ms === undefined ? '—' : formatDisplayDate(ms, timeZone)
}

/** The instant `YYYY-MM-DD` began in the zone (noon UTC falls on the same date in every US zone). */
export function localDateStart(date: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return undefined
  const noon = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12)
  return Number.isNaN(noon) ? undefined : startOfLocalDay(new Date(noon), timeZone).getTime()
}

export type SlaState =
  | { readonly kind: 'acknowledged'; readonly afterMs: number; readonly late: boolean }
  | { readonly kind: 'due'; readonly inMs: number }
  | { readonly kind: 'overdue'; readonly byMs: number }
  | { readonly kind: 'none' }

/** Against the escalation target for the lead's priority, from LinkedIn's submittedAt. */
export function slaState(
  lead: Pick<LeadRow, 'status' | 'priority' | 'submitted_at' | 'received_at' | 'acked_at'>,
  targetMinutes: Readonly<Record<string, number>>,
  now: number,
): SlaState {
  if (lead.status === 'deleted') return { kind: 'none' }
  const start = lead.submitted_at ?? lead.received_at
  const minutes = lead.priority ? (targetMinutes[lead.priority] ?? 0) : 0
  if (lead.acked_at !== null)
    return {
      kind: 'acknowledged',
      afterMs: lead.acked_at - start,
      late: minutes > 0 && lead.acked_at - start > minutes * 60_000,
    }
  if (minutes <= 0) return { kind: 'none' }
  const due = start + minutes * 60_000
  return now > due ? { kind: 'overdue', byMs: now - due } : { kind: 'due', inMs: due - now }
}

export interface LeadFieldsView {
  readonly firstName?: string | null
  readonly lastName?: string | null
  readonly email?: string | null
  readonly jobTitle?: string | null
  readonly company?: string | null
  readonly [name: string]: unknown
}

export function leadFields(row: Pick<LeadRow, 'fields'>): LeadFieldsView {
  return row.fields ? (JSON.parse(row.fields) as LeadFieldsView) : {}
}

export function leadName(row: Pick<LeadRow, 'fields' | 'status' | 'id'>): string {
  if (row.status === 'deleted') return 'Deleted lead'
  const fields = leadFields(row)
  return [fields.firstName, fields.lastName].filter(Boolean).join(' ') || fields.email || `Lead ${row.id}`
}
