import type { Command } from 'commander'
import { channelConfigs, opsChannelConfigs } from '../../channels/index.js'
import type { Config } from '../../config/index.js'
import { createOpsAlerts, enableChannel, listChannelStates } from '../../pipeline/index.js'
import { silentLogger, systemClock } from '../../util/index.js'
import { formatTable } from '../format-table.js'
import { type CliEnvironment, CliError, loadCliConfig, openCliStore } from '../load-cli-config.js'

/** Names and types only: listing or enabling a channel builds no adapter (no SMTP or HTTP client). */
function configuredChannels(config: Config) {
  const sales = channelConfigs(config)
  const ops = opsChannelConfigs(config).filter((c) => !sales.some((s) => s.name === c.name))
  return [...sales, ...ops].map((c) => ({ name: c.name, type: c.type }))
}

export function registerChannels(program: Command, environment: CliEnvironment) {
  const channels = program
    .command('channels')
    .description('list alert channels with their state (a channel that answered 410 Gone is turned off)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const states = await listChannelStates(store, configuredChannels(config))
        if (options.json) {
          environment.stdout.write(`${JSON.stringify(states, null, 2)}\n`)
          return
        }
        if (states.length === 0) {
          environment.stdout.write('no channels configured\n')
          return
        }
        environment.stdout.write(
          formatTable(
            ['NAME', 'TYPE', 'STATE', 'WAITING', 'REASON'],
            states.map((s) => [s.name, s.type, s.state, String(s.waiting), s.disabledReason ?? '']),
          ),
        )
      } finally {
        await store.close()
      }
    })

  channels
    .command('enable <name>')
    .description('turn a channel back on and send the deliveries it held back (a running LeadRelay sends them)')
    .action(async (name: string) => {
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const ops = createOpsAlerts({ store, clock: systemClock, logger: silentLogger, channels: [] })
        const configured = configuredChannels(config).map((c) => c.name)
        const outcome = await enableChannel(store, ops, configured, name, systemClock.now())
        if (outcome.kind === 'unknown-channel') {
          throw new CliError(`no channel ${name}; configured: ${configured.join(', ') || 'none'}`, 1)
        }
        environment.stdout.write(`channel ${name} enabled; ${outcome.requeued} delivery(ies) queued again\n`)
      } finally {
        await store.close()
      }
    })
}
