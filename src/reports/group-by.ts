import { TIME_BUCKET_MS } from '../store/index.js'
import { weekdayIndex, type ZoneOffsets } from './business-hours.js'

export const GROUP_BY = ['owner', 'leadType', 'form', 'campaign', 'rule', 'day', 'week'] as const
export type GroupBy = (typeof GROUP_BY)[number]

export interface Group {
  readonly key: string | null
  readonly label: string
}

const DAY = 86_400_000

export interface GroupLabels {
  readonly members: ReadonlyMap<string, string>
  readonly forms: ReadonlyMap<string, string>
  /** Days and weeks are cut in this zone. */
  readonly timeZone: string
  readonly zones: ZoneOffsets
}

/** The campaign is the notification's associatedEntity, e.g. `{"sponsoredCreative":"urn:li:sponsoredCreative:1"}`. */
function campaignUrn(json: string | null): string | null {
  if (!json) return null
  try {
    const value = JSON.parse(json) as Record<string, unknown>
    const first = Object.values(value).find((v) => typeof v === 'string')
    return (first as string | undefined) ?? null
  } catch {
    return null
  }
}

/**
 * Names the group of a store key. For day and week the store's key is a 15-minute bucket of submittedAt, turned
 * into the local day (or that day's Monday) here. A lead without the fact is in the `null` group.
 */
export function createGrouping(by: GroupBy, labels: GroupLabels) {
  const cache = new Map<string | null, Group>()
  function name(key: string | null): Group {
    switch (by) {
      case 'owner':
        return key ? { key, label: labels.members.get(key) ?? key } : { key: null, label: 'Unassigned' }
      case 'leadType':
        return { key, label: key ?? 'Unknown' }
      case 'form':
        return key ? { key, label: labels.forms.get(key) ?? `Form ${key}` } : { key: null, label: 'Unknown form' }
      case 'campaign': {
        const urn = campaignUrn(key)
        return { key: urn, label: urn ?? 'No campaign' }
      }
      case 'rule':
        return key ? { key, label: key } : { key: null, label: 'No rule (fallback owner)' }
      case 'day':
      case 'week': {
        const at = Number(key) * TIME_BUCKET_MS
        let day = Math.floor((at + labels.zones.offset(at, labels.timeZone)) / DAY)
        if (by === 'week') day -= weekdayIndex(day)
        const iso = new Date(day * DAY).toISOString().slice(0, 10)
        return { key: iso, label: by === 'week' ? `Week of ${iso}` : iso }
      }
    }
  }
  return (key: string | null): Group => {
    let group = cache.get(key)
    if (!group) {
      group = name(key)
      cache.set(key, group)
    }
    return group
  }
}

/** Days and weeks in time order; everything else busiest first, then by name. */
export function sortGroups<T extends { key: string | null; label: string; leads: number }>(
  groups: T[],
  order: 'time' | 'size',
): T[] {
  if (order === 'time') return groups.sort((a, b) => String(a.key).localeCompare(String(b.key)))
  return groups.sort((a, b) => b.leads - a.leads || a.label.localeCompare(b.label))
}

export const storeColumn = (by: GroupBy) => (by === 'day' || by === 'week' ? 'time' : by)
export const orderOf = (by: GroupBy) => (by === 'day' || by === 'week' ? 'time' : 'size')
