import type { Command } from 'commander'
import type { LeadType } from '../../linkedin/index.js'
import { createSimulator, type Owner, parseHistorySpec, parseRate, type Simulator } from '../../simulator/index.js'
import { createLogger, parseDuration } from '../../util/index.js'
import { type CliEnvironment, CliError, loadCliConfig } from '../load-cli-config.js'

// Used only when neither --client-secret nor LINKEDIN_CLIENT_SECRET is given; say so, since LeadRelay must match.
const FALLBACK_SECRET = 'leadrelay-simulator-secret'

interface SimulateOptions {
  port: string
  clientId?: string
  clientSecret?: string
  accessToken?: string
  seed: string
  revalidateEvery: string
  webhook?: string
  rate?: string
  burst?: string
  signatureHeader: string
  signPlainBody?: boolean
  duplicateRate?: string
  retryEvery: string
  retryFor: string
  history?: string
  latency: string
}

/** Subscribes a URL to every owner and lead type the seed has, so each submitted lead reaches it. */
export async function subscribeEverywhere(simulator: Simulator, webhook: string) {
  const pairs: [Owner, LeadType][] = [
    ...simulator.owners.sponsoredAccounts.map((a): [Owner, LeadType] => [{ sponsoredAccount: a.urn }, 'SPONSORED']),
    ...simulator.owners.organizations.flatMap((o) =>
      (['EVENT', 'COMPANY', 'ORGANIZATION_PRODUCT'] as const).map((t): [Owner, LeadType] => [
        { organization: o.urn },
        t,
      ]),
    ),
  ]
  const ids: string[] = []
  for (const [owner, leadType] of pairs) {
    const result = await simulator.subscribe(webhook, owner, leadType)
    if (result.status !== 201) throw new CliError(`subscribing ${webhook} failed (${result.status}): ${result.body}`)
    ids.push(result.id ?? '?')
  }
  return ids
}

export function registerSimulate(program: Command, environment: CliEnvironment) {
  program
    .command('simulate')
    .description('run a local LinkedIn: Lead Sync API, OAuth, webhook challenges and signed lead notifications')
    .option('--port <port>', 'port to listen on', '8090')
    .option('--client-id <id>', 'client id (default: LINKEDIN_CLIENT_ID)')
    .option(
      '--client-secret <secret>',
      'client secret that signs challenges and notifications (default: LINKEDIN_CLIENT_SECRET)',
    )
    .option('--access-token <token>', 'a bearer token to accept besides those the OAuth endpoints issue')
    .option('--seed <seed>', 'seed for the generated accounts, forms and leads', '1')
    .option('--revalidate-every <duration>', 'how often subscribed webhooks are challenged again, e.g. 2h or 5s', '2h')
    .option('--webhook <url>', 'subscribe this URL to every owner and lead type at start')
    .option('--rate <rate>', 'submit leads steadily, e.g. 5/s or 30/m')
    .option('--burst <count>', 'submit this many leads at once after start')
    .option('--signature-header <style>', 'bare (what LinkedIn sends) or prefixed (hmacsha256=<hex>)', 'bare')
    .option('--sign-plain-body', 'sign the body alone instead of "hmacsha256=" + body')
    .option('--retry-every <duration>', 'wait between retries of a failed delivery', '5m')
    .option('--retry-for <duration>', 'stop retrying a failed delivery after this long (0s: never retry)', '8h')
    .option('--duplicate-rate <share>', 'share of notifications delivered twice on purpose, 0 to 1', '0')
    .option('--history <count:days>', 'add past leads spread over the last days (at most 365), e.g. 2000:365d')
    .option(
      '--latency <duration>',
      'how long every REST API call takes to answer, e.g. 200ms (LinkedIn is slower)',
      '0',
    )
    .action(async (options: SimulateOptions) => {
      const config = loadCliConfig(environment)
      const port = Number(options.port)
      const revalidateEveryMs = parseDuration(options.revalidateEvery)
      const rate = options.rate === undefined ? undefined : parseRate(options.rate)
      const burst = options.burst === undefined ? undefined : Number(options.burst)
      const duplicateRate = Number(options.duplicateRate ?? 0)
      const retryEveryMs = parseDuration(options.retryEvery)
      const retryForMs = parseDuration(options.retryFor)
      const restLatencyMs = options.latency.trim() === '0' ? 0 : parseDuration(options.latency)
      if (restLatencyMs === undefined) throw new CliError('--latency takes a duration, e.g. 200ms or 1s', 2)
      if (!retryEveryMs || retryForMs === undefined)
        throw new CliError('--retry-every and --retry-for take durations, e.g. 5m and 8h', 2)
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('--port must be 0-65535', 2)
      if (revalidateEveryMs === undefined || revalidateEveryMs < 1000)
        throw new CliError('--revalidate-every must be a duration of at least 1s, e.g. 2h', 2)
      if (rate === undefined && options.rate !== undefined)
        throw new CliError('--rate must look like 5/s, 30/m or 2/h', 2)
      if (burst !== undefined && (!Number.isInteger(burst) || burst < 1))
        throw new CliError('--burst must be a positive integer', 2)
      if (!(duplicateRate >= 0 && duplicateRate <= 1)) throw new CliError('--duplicate-rate must be between 0 and 1', 2)
      if (options.signatureHeader !== 'bare' && options.signatureHeader !== 'prefixed') {
        throw new CliError('--signature-header must be bare or prefixed', 2)
      }
      const history = options.history === undefined ? undefined : parseHistorySpec(options.history)
      if (options.history !== undefined && !history)
        throw new CliError('--history must look like 2000:365d (count:days, days at most 365)', 2)
      const logger = createLogger({ level: config.log.level, destination: environment.stderr })
      const clientSecret = options.clientSecret ?? config.linkedin.clientSecret ?? FALLBACK_SECRET
      if (clientSecret === FALLBACK_SECRET) {
        environment.stderr.write(
          `no client secret given: using "${FALLBACK_SECRET}"; give LeadRelay the same LINKEDIN_CLIENT_SECRET\n`,
        )
      }
      const simulator = createSimulator({
        seed: /^\d+$/.test(options.seed) ? Number(options.seed) : options.seed,
        clientId: options.clientId ?? config.linkedin.clientId ?? 'leadrelay-simulator',
        clientSecret,
        ...(options.accessToken ? { accessToken: options.accessToken } : {}),
        revalidateEveryMs,
        signature: { header: options.signatureHeader, body: options.signPlainBody ? 'plain-body' : 'prefixed-body' },
        duplicateRate,
        retryScheduleMs: Array.from({ length: Math.floor(retryForMs / retryEveryMs) }, () => retryEveryMs),
        ...(history ? { history } : {}),
        restLatencyMs,
        logger,
      })
      const url = await simulator.start(port)
      environment.stdout.write(`LinkedIn simulator listening on ${url}\n`)
      environment.stdout.write(`client id: ${simulator.clientId}\naccess token: ${simulator.accessToken}\n`)
      if (history) environment.stdout.write(`history: ${history.count} past leads over ${history.days} days\n`)
      if (restLatencyMs > 0) environment.stdout.write(`REST API latency: ${restLatencyMs} ms per call\n`)
      try {
        if (options.webhook) {
          const ids = await subscribeEverywhere(simulator, options.webhook)
          environment.stdout.write(`subscribed ${options.webhook}: challenge passed, subscriptions ${ids.join(', ')}\n`)
        }
        if (burst) {
          const result = await simulator.stream.burst(burst)
          environment.stdout.write(`burst: ${result.submitted} leads submitted, ${result.failed} failed\n`)
        }
        if (rate) simulator.stream.setRate(rate)
      } catch (error) {
        await simulator.stop()
        throw error
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          simulator.stop().then(resolve, resolve)
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
    })
}
