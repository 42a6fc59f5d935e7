import type { ReportLeadRow } from '../store/index.js'
import { weekdayIndex, type ZoneOffsets } from './business-hours.js'

export const GROUP_BY = ['owner', 'leadType', 'form', 'campaign', 'rule', 'day', 'week'] as const
export type GroupBy = (typeof GROUP_BY)[number]

const DAY = 86_400_000

export interface GroupLabels {
  readonly members: ReadonlyMap<string, string>
  readonly forms: ReadonlyMap<string, string>
  /** Days and weeks are cut in this zone. */
  readonly timeZone: string
  readonly zones: ZoneOffsets
}

/** The campaign is the notification's associatedEntity, e.g. `{"sponsoredCreative":"urn:li:sponsoredCreative:1"}`. */
function campaignUrn(json: string | null | undefined): string | null {
  if (!json) return null
  try {
    const value = JSON.parse(json) as Record<string, unknown>
    const first = Object.values(value).find((v) => typeof v === 'string')
    return (first as string | undefined) ?? null
  } catch {
    return null
  }
}

/** The group a lead falls in, and how the group is named. A lead without the fact is in the `null` group. */
export function groupOf(row: ReportLeadRow, by: GroupBy, labels: GroupLabels): { key: string | null; label: string } {
  switch (by) {
    case 'owner':
      return row.owner_id
        ? { key: row.owner_id, label: labels.members.get(row.owner_id) ?? row.owner_id }
        : { key: null, label: 'Unassigned' }
    case 'leadType':
      return { key: row.lead_type, label: row.lead_type ?? 'Unknown' }
    case 'form':
      return row.form_id
        ? { key: row.form_id, label: labels.forms.get(row.form_id) ?? `Form ${row.form_id}` }
        : { key: null, label: 'Unknown form' }
    case 'campaign': {
      const urn = campaignUrn(row.campaign)
      return { key: urn, label: urn ?? 'No campaign' }
    }
    case 'rule':
      return row.rule ? { key: row.rule, label: row.rule } : { key: null, label: 'No rule (fallback owner)' }
    case 'day': {
      const day = localDay(row.submitted_at, labels)
      const key = new Date(day * DAY).toISOString().slice(0, 10)
      return { key, label: key }
    }
    case 'week': {
      const day = localDay(row.submitted_at, labels)
      const monday = day - weekdayIndex(day)
      const key = new Date(monday * DAY).toISOString().slice(0, 10)
      return { key, label: `Week of ${key}` }
    }
  }
}

function localDay(at: number, labels: GroupLabels): number {
  return Math.floor((at + labels.zones.offset(at, labels.timeZone)) / DAY)
}

/** Days and weeks in time order; everything else busiest first, then by name. */
export function sortGroups<T extends { key: string | null; label: string; leads: number }>(
  groups: T[],
  by: GroupBy,
): T[] {
  if (by === 'day' || by === 'week') return groups.sort((a, b) => String(a.key).localeCompare(String(b.key)))
  return groups.sort((a, b) => b.leads - a.leads || a.label.localeCompare(b.label))
}
