import type { Command } from 'commander'
import { LEAD_TYPES, type LeadType, ownerFromUrn } from '../../linkedin/index.js'
import { reconcileAll, startPull } from '../../pipeline/index.js'
import { pullsRepository, type Store } from '../../store/index.js'
import { parseDuration } from '../../util/index.js'
import { type CliEnvironment, CliError, loadCliConfig, openCliStore } from '../load-cli-config.js'

/** Prints a progress bar until the pulls finish; the running LeadRelay's worker does the pulling. */
async function follow(store: Store, ids: readonly number[], environment: CliEnvironment) {
  for (;;) {
    const rows = await pullsRepository.pullsById(store.db, ids)
    const progress =
      rows.reduce((sum, p) => sum + (p.until > p.since ? (p.window_start - p.since) / (p.until - p.since) : 1), 0) /
      rows.length
    const counts = rows.reduce(
      (c, p) => ({ linkedin: c.linkedin + p.linkedin_count, recovered: c.recovered + p.recovered }),
      { linkedin: 0, recovered: 0 },
    )
    const bar = '#'.repeat(Math.round(progress * 30)).padEnd(30, '.')
    environment.stdout.write(
      `\r[${bar}] ${Math.round(progress * 100)}%  ${counts.linkedin} on LinkedIn, ${counts.recovered} new`,
    )
    if (rows.every((p) => p.state !== 'running')) {
      environment.stdout.write('\n')
      for (const p of rows.filter((r) => r.state === 'failed'))
        environment.stdout.write(`pull ${p.id} failed: ${p.error}\n`)
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

export function registerPulls(program: Command, environment: CliEnvironment) {
  program
    .command('backfill')
    .description(
      "pull an owner's past leads from LinkedIn (LinkedIn keeps 365 days); old leads are stored, not alerted",
    )
    .requiredOption('--owner <urn>', 'urn:li:sponsoredAccount:… or urn:li:organization:…')
    .requiredOption('--lead-type <type>', LEAD_TYPES.join(', '))
    .option('--since <duration>', 'how far back', '365d')
    .option('--wait', 'show progress until it finishes (a running LeadRelay does the work)')
    .action(async (options: { owner: string; leadType: string; since: string; wait?: boolean }) => {
      const owner = ownerFromUrn(options.owner)
      if (!owner) throw new CliError('--owner must be urn:li:sponsoredAccount:… or urn:li:organization:…', 2)
      if (!LEAD_TYPES.includes(options.leadType as LeadType))
        throw new CliError(`--lead-type must be one of ${LEAD_TYPES.join(', ')}`, 2)
      const window = parseDuration(options.since)
      if (window === undefined || window > 365 * 86_400_000)
        throw new CliError('--since must be a duration up to 365d', 2)
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const now = new Date()
        const id = await startPull(
          store,
          { kind: 'backfill', owner, leadType: options.leadType, since: now.getTime() - window, until: now.getTime() },
          now,
        )
        environment.stdout.write(`backfill ${id} queued\n`)
        if (options.wait) await follow(store, [id], environment)
      } finally {
        await store.close()
      }
    })

  program
    .command('reconcile')
    .description("pull every subscribed owner's recent leads now and process any LeadRelay does not hold")
    .option('--since <duration>', 'how far back (default RECONCILE_WINDOW_HOURS)')
    .option('--wait', 'show progress until it finishes (a running LeadRelay does the work)')
    .action(async (options: { since?: string; wait?: boolean }) => {
      const config = loadCliConfig(environment)
      const window = options.since ? parseDuration(options.since) : config.pulls.reconcileWindowHours * 3_600_000
      if (window === undefined) throw new CliError('--since must be a duration like 48h', 2)
      const store = await openCliStore(config)
      try {
        const ids = await reconcileAll(store, new Date(), window)
        environment.stdout.write(
          ids.length ? `reconciliation queued: pulls ${ids.join(', ')}\n` : 'no subscriptions to reconcile\n',
        )
        if (options.wait && ids.length) await follow(store, ids, environment)
      } finally {
        await store.close()
      }
    })
}
