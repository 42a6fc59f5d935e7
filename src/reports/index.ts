import type { RoutingRule, ScoringRule, TeamMember } from '../routing/index.js'
import { reportsRepository, type Store } from '../store/index.js'
import type { Clock } from '../util/clock.js'
import { createZoneOffsets } from './business-hours.js'
import { conversion } from './conversion-report.js'
import { toCsv } from './csv.js'
import type { GroupLabels } from './group-by.js'
import type { ReportQuery } from './report-query.js'
import { speedToLead } from './speed-report.js'
import { fairness, heatmap, scoringInsight } from './team-reports.js'

export type { ConversionGroup } from './conversion-report.js'
export { csvCell, flatten, toCsv } from './csv.js'
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
  /** Channels whose delivered new-lead alert is "the alert" (Slack, e-mail, Teams, webhooks; not CRMs). */
  readonly alertChannels: readonly string[]
}

export const REPORT_NAMES = ['speed-to-lead', 'conversion', 'fairness', 'ageing', 'scoring', 'heatmap'] as const
export type ReportName = (typeof REPORT_NAMES)[number]

/** Read-only reports over the store: they never call LinkedIn or a CRM. */
export function createReports(config: ReportsConfig, deps: { readonly store: Store; readonly clock: Clock }) {
  const { store } = deps
  const members = new Map(config.members.map((m) => [m.id, m]))
  const memberNames = new Map(config.members.map((m) => [m.id, m.name]))

  async function rows(q: ReportQuery, from = q.from, to = q.to, extra: { routing?: boolean } = {}) {
    return reportsRepository.reportLeads(store.db, store.dialect, {
      from,
      to,
      includeTest: q.includeTest,
      alertChannels: config.alertChannels,
      with: { rule: q.groupBy === 'rule', campaign: q.groupBy === 'campaign', ...extra },
    })
  }

  async function labels(formIds: Iterable<string | null>): Promise<GroupLabels> {
    const ids = [...new Set([...formIds].filter((id): id is string => id !== null))]
    return {
      members: memberNames,
      forms: await reportsRepository.formNames(store.db, ids),
      timeZone: config.timeZone,
      zones: createZoneOffsets(),
    }
  }

  const period = (q: ReportQuery) => ({ from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString() })
  const previous = (q: ReportQuery) => ({ from: q.from - (q.to - q.from), to: q.from })

  async function speed(q: ReportQuery) {
    const [current, before] = [await rows(q), await rows(q, previous(q).from, previous(q).to)]
    const groupLabels = await labels(current.map((r) => r.form_id))
    const ctx = { members, labels: groupLabels, zones: groupLabels.zones, defaultZone: config.timeZone }
    const now = speedToLead(current, q.groupBy, ctx)
    const then = speedToLead(before, q.groupBy, ctx)
    return {
      ...period(q),
      groupBy: q.groupBy,
      total: now.total,
      groups: now.groups,
      previous: { ...period({ ...q, ...previous(q) }), total: then.total },
    }
  }

  async function conversionReport(q: ReportQuery) {
    const [current, before] = [await rows(q), await rows(q, previous(q).from, previous(q).to)]
    const groupLabels = await labels(current.map((r) => r.form_id))
    const now = conversion(current, q.groupBy, groupLabels)
    return {
      ...period(q),
      groupBy: q.groupBy,
      total: now.total,
      groups: now.groups,
      previous: { ...period({ ...q, ...previous(q) }), total: conversion(before, q.groupBy, groupLabels).total },
    }
  }

  async function fairnessReport(q: ReportQuery) {
    return {
      ...period(q),
      rules: fairness(await rows(q, q.from, q.to, { routing: true }), config.routingRules, members),
    }
  }

  async function scoringReport(q: ReportQuery) {
    const current = await rows(q, q.from, q.to, { routing: true })
    const groupLabels = await labels([])
    const band = conversion(
      current,
      (row) => ({ key: row.priority, label: row.priority ?? 'Not scored' }),
      groupLabels,
    ).groups.sort((a, b) => ['hot', 'warm', 'cold'].indexOf(a.key ?? '') - ['hot', 'warm', 'cold'].indexOf(b.key ?? ''))
    return { ...period(q), byPriority: band, rules: scoringInsight(current, config.scoringRules) }
  }

  async function heatmapReport(q: ReportQuery) {
    return { ...period(q), cells: heatmap(await rows(q), members, config.timeZone, createZoneOffsets()) }
  }

  async function ageing(q: ReportQuery, limit = 100) {
    const now = deps.clock.now().getTime()
    const list = async (waitingFor: 'ack' | 'contact') =>
      (await reportsRepository.waitingLeads(store.db, { waitingFor, includeTest: q.includeTest, limit })).map(
        (row) => ({
          id: row.id,
          submittedAt: new Date(Number(row.submitted_at)).toISOString(),
          ageMs: Math.max(0, now - Number(row.submitted_at)),
          owner: row.owner_id,
          ownerName: row.owner_id ? (memberNames.get(row.owner_id) ?? row.owner_id) : 'Unassigned',
          priority: row.priority,
          leadType: row.lead_type,
        }),
      )
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
