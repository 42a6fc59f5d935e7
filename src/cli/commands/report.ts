import type { Command } from 'commander'
import { createReports, GROUP_BY, parseReportQuery, reportsConfig } from '../../reports/index.js'
import { systemClock } from '../../util/index.js'
import { formatTable } from '../format-table.js'
import { type CliEnvironment, CliError, loadCliConfig, openCliStore } from '../load-cli-config.js'

const KINDS = { speed: 'speed-to-lead', conversion: 'conversion' } as const

const minutes = (ms: number | null) => (ms === null ? '-' : `${(ms / 60_000).toFixed(1)}m`)
const percent = (rate: number | null) => (rate === null ? '-' : `${(rate * 100).toFixed(1)}%`)

/** `leadrelay report speed|conversion --since 30d --by owner`: the API's reports, read from the store. */
export function registerReport(program: Command, environment: CliEnvironment) {
  program
    .command('report <kind>')
    .description('speed-to-lead or conversion report: report speed|conversion --since 30d --by owner')
    .option('--since <when>', 'start: a duration back from now (30d) or an ISO date', '30d')
    .option('--to <when>', 'end: an ISO date or a duration back from now (default: now)')
    .option('--by <group>', `group by: ${GROUP_BY.join(', ')}`, 'owner')
    .option('--include-test', 'count test leads too')
    .option('--json', 'print the JSON the API serves')
    .option('--csv', 'print CSV, as ?format=csv does')
    .action(
      async (
        kind: string,
        options: { since: string; to?: string; by: string; includeTest?: boolean; json?: boolean; csv?: boolean },
      ) => {
        const name = KINDS[kind as keyof typeof KINDS]
        if (!name) throw new CliError(`report: kind must be speed or conversion, not "${kind}"`, 2)
        const query = parseReportQuery(
          {
            since: options.since,
            ...(options.to ? { to: options.to } : {}),
            groupBy: options.by,
            includeTest: options.includeTest ? 'true' : 'false',
          },
          systemClock.now().getTime(),
        )
        if (!query.ok)
          throw new CliError(`report: ${query.message.replace(/^groupBy:/, '--by:').replace(/^from:/, '--since:')}`, 2)
        const config = loadCliConfig(environment)
        const store = await openCliStore(config)
        try {
          const reports = createReports(reportsConfig(config), { store, clock: systemClock })
          const report = await reports.run(name, query.value)
          if (options.json) return void environment.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
          if (options.csv) return void environment.stdout.write(reports.csv(name, report))
          environment.stdout.write(`${report.from} → ${report.to}, by ${options.by}\n`)
          if (name === 'speed-to-lead') {
            const r = report as Awaited<ReturnType<typeof reports.speed>>
            environment.stdout.write(
              formatTable(
                [
                  'GROUP',
                  'LEADS',
                  'ALERT P50',
                  'ACK P50',
                  'ACK P90',
                  'ACK P50 (BUSINESS)',
                  'CONTACT P50',
                  '≤5M',
                  'NEVER',
                ],
                [r.total, ...r.groups].map((g) => [
                  g.label,
                  String(g.leads),
                  minutes(g.toAlert.p50Ms),
                  minutes(g.toAck.p50Ms),
                  minutes(g.toAck.p90Ms),
                  minutes(g.toAck.businessP50Ms),
                  minutes(g.toContact.p50Ms),
                  String(g.slaBands['0-5m']),
                  String(g.slaBands.never),
                ]),
              ),
            )
          } else {
            const r = report as Awaited<ReturnType<typeof reports.conversion>>
            environment.stdout.write(
              formatTable(
                ['GROUP', 'LEADS', 'ACKED', 'CONTACTED', 'QUALIFIED', 'WON', 'QUALIFIED %', 'WON %', 'WON AMOUNT'],
                [r.total, ...r.groups].map((g) => [
                  g.label,
                  String(g.leads),
                  String(g.acknowledged),
                  String(g.contacted),
                  String(g.qualified),
                  String(g.won),
                  percent(g.qualifiedRate),
                  percent(g.wonRate),
                  Object.entries(g.wonAmounts)
                    .map(([currency, amount]) => `${amount} ${currency}`)
                    .join(', ') || '-',
                ]),
              ),
            )
          }
        } finally {
          await store.close()
        }
      },
    )
}
