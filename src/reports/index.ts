import type { Config } from '../config/index.js'
import type { RoutingRule, ScoringRule, TeamMember } from '../routing/index.js'
import { type BusinessTime, type ReportGroupColumn, reportsRepository, type Store } from '../store/index.js'
import type { Clock } from '../util/index.js'
import { createBusinessTime, createZoneOffsets } from './business-hours.js'
import { conversion } from './conversion-report.js'
import { toCsv } from './csv.js'
import { reportsConfig } from './from-config.js'
import { createGrouping, type GroupBy, type GroupLabels, orderOf, storeColumn } from './group-by.js'
import type { ReportQuery } from './report-query.js'
import { speedToLead } from './speed-report.js'
import { fairness, heatmap, scoringInsight } from './team-reports.js'

export type { ConversionGroup } from './conversion-report.js'
export { csvCell, flatten, toCsv } from './csv.js'
export { reportsConfig } from './from-config.js'
export { GROUP_BY, type GroupBy } from './group-by.js'
export { nearestRank } from './percentiles.js'
export { parseReportQuery, type ReportQuery } from './report-query.js'
export { SLA_BANDS, type SpeedGroup } from './speed-report.js'

export interface ReportsConfig {
  readonly members: readonly TeamMember[]
  readonly scoringRules: readonly ScoringRule[]
  readonly routingRules: readonly RoutingRule[]
  /** Days and weeks are cut in this zone, and leads without an owner are placed in it. */
  readonly timeZone: string
}

/** The store's `BusinessTime` from the configuration: the team's working hours, unowned leads in the display zone. */
export function businessTimeFor(config: Pick<Config, 'team' | 'scoring' | 'routing' | 'display'>): BusinessTime {
  const { members, timeZone } = reportsConfig(config)
  return createBusinessTime(members, timeZone)
}

export const REPORT_NAMES = ['speed-to-lead', 'conversion', 'fairness', 'ageing', 'scoring', 'heatmap'] as const
export type ReportName = (typeof REPORT_NAMES)[number]

/** Read-only reports over the store: they never call LinkedIn or a CRM. Takes the configuration or its slice. */
export function createReports(
  source: ReportsConfig | Pick<Config, 'team' | 'scoring' | 'routing' | 'display'>,
  deps: { readonly store: Store; readonly clock: Clock },
) {
  const config = 'display' in source ? reportsConfig(source) : source
  const { store } = deps
  const members = new Map(config.members.map((m) => [m.id, m]))
  const memberNames = new Map(config.members.map((m) => [m.id, m.name]))
  // A zone's offset at a given hour never changes: one cache for every report this instance runs.
  const zones = createZoneOffsets()
  const range = (q: ReportQuery, from = q.from, to = q.to) => ({ from, to, includeTest: q.includeTest })
  const previous = (q: ReportQuery) => ({ ...q, from: q.from - (q.to - q.from), to: q.from })
  const period = (q: ReportQuery) => ({ from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString() })

  async function labels(by: GroupBy, keys: Iterable<string | null>): Promise<GroupLabels> {
    const forms =
      by === 'form'
        ? await reportsRepository.formNames(store.db, [...new Set([...keys].filter((k): k is string => k !== null))])
        : new Map<string, string>()
    return { members: memberNames, forms, timeZone: config.timeZone, zones }
  }

  async function speedOf(q: ReportQuery) {
    const rows = await reportsRepository.speedDurations(store.db, store.dialect, range(q), storeColumn(q.groupBy))
    const groupLabels = await labels(q.groupBy, rows.keys)
    const grouping = createGrouping(q.groupBy, groupLabels)
    const ctx = { members, zones: groupLabels.zones, defaultZone: config.timeZone }
    return speedToLead(rows, grouping, ctx, orderOf(q.groupBy))
  }

  async function speed(q: ReportQuery) {
    const now = await speedOf(q)
    const then = await speedOf(previous(q))
    return {
      ...period(q),
      groupBy: q.groupBy,
      total: now.total,
      groups: now.groups,
      previous: { ...period(previous(q)), total: then.total },
    }
  }

  async function conversionOf(q: ReportQuery, column: ReportGroupColumn = storeColumn(q.groupBy)) {
    const counts = await reportsRepository.conversionCounts(store.db, range(q), column)
    const details = await reportsRepository.conversionDetails(store.db, range(q), column)
    const grouping = createGrouping(
      q.groupBy,
      await labels(
        q.groupBy,
        counts.map((c) => c.key),
      ),
    )
    return conversion(counts, details, grouping, orderOf(q.groupBy))
  }

  async function conversionReport(q: ReportQuery) {
    const now = await conversionOf(q)
    const then = await conversionOf(previous(q))
    return {
      ...period(q),
      groupBy: q.groupBy,
      total: now.total,
      groups: now.groups,
      previous: { ...period(previous(q)), total: then.total },
    }
  }

  async function fairnessReport(q: ReportQuery) {
    const { assignments, skips } = await reportsRepository.fairnessCounts(store.db, store.dialect, range(q))
    return { ...period(q), rules: fairness(assignments, skips, config.routingRules, members) }
  }

  async function scoringReport(q: ReportQuery) {
    const PRIORITY_ORDER = ['hot', 'warm', 'cold', null]
    const counts = await reportsRepository.conversionCounts(store.db, range(q), 'priority')
    const details = await reportsRepository.conversionDetails(store.db, range(q), 'priority')
    const byPriority = conversion(counts, details, (key) => ({ key, label: key ?? 'Not scored' }), 'size').groups.sort(
      (a, b) => PRIORITY_ORDER.indexOf(a.key) - PRIORITY_ORDER.indexOf(b.key),
    )
    const all = { leads: 0, qualified: 0, won: 0 }
    for (const c of counts) {
      all.leads += c.leads
      all.qualified += c.qualified
      all.won += c.won
    }
    const matches = await reportsRepository.scoringMatches(store.db, store.dialect, range(q))
    return { ...period(q), byPriority, rules: scoringInsight(matches, all, config.scoringRules) }
  }

  async function heatmapReport(q: ReportQuery) {
    return {
      ...period(q),
      cells: heatmap(
        await reportsRepository.speedLeads(store.db, store.dialect, range(q), 'owner'),
        members,
        config.timeZone,
        zones,
      ),
    }
  }

  async function ageing(q: ReportQuery, limit = 100) {
    const now = deps.clock.now().getTime()
    const list = async (waitingFor: 'ack' | 'contact') =>
      (
        await reportsRepository.waitingLeads(store.db, store.dialect, { waitingFor, includeTest: q.includeTest, limit })
      ).map((row) => ({
        id: row.id,
        submittedAt: new Date(Number(row.submitted_at)).toISOString(),
        ageMs: Math.max(0, now - Number(row.submitted_at)),
        owner: row.owner_id,
        ownerName: row.owner_id ? (memberNames.get(row.owner_id) ?? row.owner_id) : 'Unassigned',
        priority: row.priority,
        leadType: row.lead_type,
      }))
    return { at: new Date(now).toISOString(), notAcknowledged: await list('ack'), notContacted: await list('contact') }
  }

  /** The rows each report's CSV lists, so the CSV holds exactly what the JSON does. */
  function csvRows(name: ReportName, report: Record<string, unknown>): Record<string, unknown>[] {
    switch (name) {
      case 'speed-to-lead':
      case 'conversion': {
        const r = report as { total: Record<string, unknown>; groups: Record<string, unknown>[] }
        return [r.total, ...r.groups]
      }
      case 'fairness':
        return (report as { rules: ReturnType<typeof fairness> }).rules.flatMap((rule) =>
          rule.members.map((m) => ({
            rule: rule.rule,
            strategy: rule.strategy,
            ruleLeads: rule.leads,
            ...m,
            skips: rule.skips,
          })),
        )
      case 'ageing': {
        const r = report as Awaited<ReturnType<typeof ageing>>
        return [
          ...r.notAcknowledged.map((l) => ({ waitingFor: 'acknowledgement', ...l })),
          ...r.notContacted.map((l) => ({ waitingFor: 'contact', ...l })),
        ]
      }
      case 'scoring': {
        const r = report as Awaited<ReturnType<typeof scoringReport>>
        return r.rules as unknown as Record<string, unknown>[]
      }
      case 'heatmap':
        return (report as Awaited<ReturnType<typeof heatmapReport>>).cells
    }
  }

  const run: Record<ReportName, (q: ReportQuery) => Promise<Record<string, unknown>>> = {
    'speed-to-lead': speed,
    conversion: conversionReport,
    fairness: fairnessReport,
    ageing: (q) => ageing(q),
    scoring: scoringReport,
    heatmap: heatmapReport,
  }

  return {
    speed,
    conversion: conversionReport,
    fairness: fairnessReport,
    scoring: scoringReport,
    heatmap: heatmapReport,
    ageing,
    run: (name: ReportName, q: ReportQuery) => run[name](q),
    csv: (name: ReportName, report: Record<string, unknown>) => toCsv(csvRows(name, report)),
  }
}
export type Reports = ReturnType<typeof createReports>
