import type { Command } from 'commander'
import { collectStatus, type Status, type SubscriptionMatch } from '../../pipeline/index.js'
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
          ...atLinkedInLines(status.atLinkedIn).map((text, i) => line(i === 0 ? 'at linkedin:' : '', text)),
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

const MATCH_WORDS: Record<SubscriptionMatch, string> = {
  matching: 'matching',
  'missing-at-linkedin': 'MISSING at LinkedIn',
  'not-active': 'NOT ACTIVE at LinkedIn',
  'unknown-to-us': 'unknown to us',
  'webhook-differs': 'webhook differs',
  'not-checked': 'not checked yet',
}

/** Ours next to LinkedIn's list as the health check last fetched it, with that list's age. */
function atLinkedInLines(atLinkedIn: Status['atLinkedIn']): string[] {
  const lists = atLinkedIn.snapshots.map(
    (s) =>
      `${Object.values(s.owner)[0]} ${s.leadType}: ` +
      (s.ageSeconds === null ? 'never fetched' : `fetched ${Math.round(s.ageSeconds / 60)} min ago`) +
      (s.error ? `; last check failed: ${s.error}` : ''),
  )
  const hooks = atLinkedIn.webhooks
  if (hooks)
    lists.push(
      'webhook states: ' +
        (hooks.ageSeconds === null ? 'never fetched' : `fetched ${Math.round(hooks.ageSeconds / 60)} min ago`) +
        (hooks.error ? `; last check failed: ${hooks.error}` : ''),
    )
  const rows = atLinkedIn.subscriptions.map((s) => {
    const state =
      s.webhookStatus === 'BLOCKED'
        ? ', webhook BLOCKED at LinkedIn: fix the endpoint, then re-validate it in the developer portal or run leadrelay subscriptions revalidate'
        : s.linkedin?.state
          ? `, LinkedIn state ${s.linkedin.state}`
          : s.webhookStatus
            ? `, webhook ${s.webhookStatus}`
            : ''
    return `${s.id} (${s.leadType}): ${MATCH_WORDS[s.match]}${state}`
  })
  return lists.length + rows.length > 0 ? [...lists, ...rows] : ['not fetched yet']
}
