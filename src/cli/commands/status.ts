import type { Command } from 'commander'
import { collectStatus } from '../../pipeline/index.js'
import { type CliEnvironment, cliLinkedIn, loadCliConfig, openCliStore } from '../load-cli-config.js'

export function registerStatus(program: Command, environment: CliEnvironment) {
  program
    .command('status')
    .description('subscriptions, last LinkedIn challenge, tokens, queue, dead letters')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const status = await collectStatus(
          store,
          cliLinkedIn(config, store).tokens,
          Date.now(),
          config.linkedin.version,
        )
        if (options.json) {
          environment.stdout.write(`${JSON.stringify(status, null, 2)}\n`)
          return
        }
        const line = (label: string, value: string) => `${label.padEnd(18)}${value}`
        const counts = (record: Record<string, number>) =>
          Object.entries(record)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') || 'none'
        const out = [
          line(
            'subscriptions:',
            status.subscriptions.length
              ? status.subscriptions.map((s) => `${s.id} (${s.leadType})`).join(', ')
              : 'none (leadrelay owners, then leadrelay subscribe)',
          ),
          line(
            'last challenge:',
            status.lastChallenge
              ? `${status.lastChallenge.at} (${status.lastChallenge.outcome}, ${Math.round(status.lastChallenge.ageSeconds / 60)} min ago)`
              : 'never',
          ),
          line(
            'linkedin:',
            status.linkedin.connected
              ? `connected; access until ${status.linkedin.accessExpiresAt ?? 'unknown'}; refresh ${status.linkedin.refreshDaysLeft === null ? 'unknown' : `${status.linkedin.refreshDaysLeft} days left`}`
              : 'NOT connected (leadrelay auth login)',
          ),
          ...(status.linkedin.lastRefreshError ? [line('refresh error:', status.linkedin.lastRefreshError)] : []),
          line(
            'queue:',
            `${counts({ pending: status.queue.pending, running: status.queue.running, dead: status.queue.dead })}; oldest due ${status.queue.oldestDueSeconds}s ago`,
          ),
          line('events:', counts(status.events)),
          line('leads:', counts(status.leads)),
          line('deliveries:', counts(status.deliveries)),
          ...(Object.keys(status.disabledChannels).length
            ? [line('disabled:', counts(Object.fromEntries(Object.keys(status.disabledChannels).map((k) => [k, 1]))))]
            : []),
        ]
        environment.stdout.write(`${out.join('\n')}\n`)
      } finally {
        await store.close()
      }
    })
}
