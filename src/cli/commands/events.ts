import type { Command } from 'commander'
import { eventSummary } from '../../server/index.js'
import { EVENT_STATUSES, type EventStatus, listEvents } from '../../store/index.js'
import { formatTable } from '../format-table.js'
import { type CliEnvironment, CliError, loadCliConfig, openCliStore } from '../load-cli-config.js'

export function registerEvents(program: Command, environment: CliEnvironment) {
  program
    .command('events')
    .description('list received LinkedIn notifications, newest first')
    .option('--limit <n>', 'how many', '20')
    .option('--before <id>', 'only events older than this id (paging)')
    .option('--status <status>', `only this status: ${EVENT_STATUSES.join(', ')}`)
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { limit: string; before?: string; status?: string; json?: boolean }) => {
      if (options.status && !EVENT_STATUSES.includes(options.status as EventStatus)) {
        throw new CliError(`--status must be one of ${EVENT_STATUSES.join(', ')}`, 2)
      }
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const page = await listEvents(store.db, {
          limit: Number(options.limit) || 20,
          before: options.before ? Number(options.before) : undefined,
          status: options.status as EventStatus | undefined,
        })
        const events = page.events.map(eventSummary)
        if (options.json) {
          environment.stdout.write(`${JSON.stringify({ events, nextCursor: page.nextCursor ?? null }, null, 2)}\n`)
          return
        }
        environment.stdout.write(
          formatTable(
            ['ID', 'RECEIVED (UTC)', 'ACTION', 'TYPE', 'STATUS', 'LEAD'],
            events.map((e) => [
              String(e.id),
              (e.receivedAt ?? '').replace('T', ' ').slice(0, 19),
              e.leadAction ?? '-',
              e.leadType ?? '-',
              e.status,
              e.leadGenFormResponse ?? '-',
            ]),
          ),
        )
        if (page.nextCursor) environment.stdout.write(`more: --before ${page.nextCursor}\n`)
      } finally {
        await store.close()
      }
    })
}
