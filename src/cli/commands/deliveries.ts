import type { Command } from 'commander'
import { replayDelivery } from '../../pipeline/index.js'
import { DELIVERY_STATES, type DeliveryState, deliveriesRepository } from '../../store/index.js'
import { systemClock } from '../../util/index.js'
import { deliveryView } from '../../views/index.js'
import { formatTable } from '../format-table.js'
import { type CliEnvironment, CliError, loadCliConfig, openCliStore } from '../load-cli-config.js'

export function registerDeliveries(program: Command, environment: CliEnvironment) {
  const deliveries = program.command('deliveries').description('alerts and syncs, and the dead letters among them')

  deliveries
    .command('list', { isDefault: true })
    .description('newest first')
    .option('--state <state>', `only this state: ${DELIVERY_STATES.join(', ')} (dead = dead letters)`)
    .option('--channel <name>', 'only this channel')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(async (options: { state?: string; channel?: string; limit: string; json?: boolean }) => {
      if (options.state && !DELIVERY_STATES.includes(options.state as DeliveryState)) {
        throw new CliError(`--state must be one of ${DELIVERY_STATES.join(', ')}`, 2)
      }
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const rows = await deliveriesRepository.listDeliveries(store.db, {
          limit: Number(options.limit) || 20,
          ...(options.state ? { state: options.state as DeliveryState } : {}),
          ...(options.channel ? { channel: options.channel } : {}),
        })
        const views = rows.map(deliveryView)
        environment.stdout.write(
          options.json
            ? `${JSON.stringify(views, null, 2)}\n`
            : formatTable(
                ['ID', 'LEAD', 'CHANNEL', 'KIND', 'STATE', 'ATTEMPTS', 'LAST ERROR'],
                views.map((d) => [
                  String(d.id),
                  d.leadId,
                  d.channel,
                  d.kind,
                  d.state,
                  String(d.attempts),
                  d.lastError ?? '',
                ]),
              ),
        )
      } finally {
        await store.close()
      }
    })

  deliveries
    .command('replay <id>')
    .description('send a dead-lettered delivery again (a running LeadRelay picks it up)')
    .action(async (id: string) => {
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const outcome = await replayDelivery(store, Number(id), systemClock.now())
        if (outcome === 'not-found') throw new CliError(`no delivery ${id}`, 1)
        if (outcome === 'not-failed') throw new CliError(`delivery ${id} is not dead-lettered or disabled`, 1)
        if (outcome === 'channel-disabled')
          throw new CliError(`delivery ${id} waits for its disabled channel: run leadrelay channels enable`, 1)
        environment.stdout.write(`delivery ${id} queued again\n`)
      } finally {
        await store.close()
      }
    })
}
