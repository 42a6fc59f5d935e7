import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { createLeadRelay, type LeadRelay } from '../../app.js'
import { formatConfigProblems, loadConfig } from '../../config/index.js'
import type { LeadFormResponse } from '../../simulator/index.js'
import {
  createSimulator,
  currentVersion,
  type DemoSinks,
  demoConfigYaml,
  startDemoSinks,
} from '../../simulator/index.js'
import { leadsRepository, listEvents } from '../../store/index.js'
import { createLogger, parseDuration, systemClock } from '../../util/index.js'
import { saveUser } from '../../web/index.js'
import { type CliEnvironment, CliError } from '../load-cli-config.js'

const DEMO_ACCOUNT = 'urn:li:sponsoredAccount:1234567'
const DEMO_ADMIN = 'admin@example.com'
const POLL_MS = 200

const time = (ms: number) => new Date(ms).toISOString().slice(11, 19)

/** Which form and version the simulated member answered. */
function describeLead(lead: LeadFormResponse, forms: ReturnType<typeof createSimulator>['forms']): string {
  const [, formId, versionId] = /leadGenForm:(\d+),(\d+)/.exec(lead.versionedLeadGenFormUrn) ?? []
  return `form "${forms.get(Number(formId))?.versions.at(-1)?.name ?? formId}" v${versionId}`
}

/** LeadRelay's own record of the lead, once enriched: its status, title, company, size and state. */
async function leadAsRecorded(store: LeadRelay['store'], urn: string): Promise<string | undefined> {
  const row = await leadsRepository
    .getLead(store.db, urn.replace('urn:li:leadGenFormResponse:', ''))
    .catch(() => undefined)
  if (!row) return undefined
  const fields = row.fields ? (JSON.parse(row.fields) as Record<string, string | null>) : {}
  const company = [fields.company, fields.companySize && `(${fields.companySize})`].filter(Boolean).join(' ')
  const summary = [[fields.jobTitle, company].filter(Boolean).join(' at '), fields.state].filter(Boolean).join(', ')
  return `lead ${row.status}${summary ? `: ${summary}` : ''}`
}

export function registerDemo(program: Command, environment: CliEnvironment) {
  program
    .command('demo')
    .description('run LeadRelay and the LinkedIn simulator together and watch leads arrive (data in a temp folder)')
    .option('--interval <duration>', 'time between submitted leads', '3s')
    .option('--count <n>', 'stop after this many leads (default: until Ctrl-C)')
    .option('--seed <seed>', 'seed for the simulated LinkedIn data', '1')
    .option('--port <port>', 'port of the dashboard (0: any free port)', '8080')
    .option('--quiet-sinks', 'do not print what the local Slack, e-mail and CRM stand-ins receive')
    .action(async (options: { interval: string; count?: string; seed: string; port: string; quietSinks?: boolean }) => {
      const intervalMs = parseDuration(options.interval)
      const limit = options.count === undefined ? Number.POSITIVE_INFINITY : Number(options.count)
      if (intervalMs === undefined || intervalMs < 100)
        throw new CliError('--interval must be a duration of at least 100ms', 2)
      if (!(limit >= 1)) throw new CliError('--count must be a positive integer', 2)
      const out = (line: string) => environment.stdout.write(`${line}\n`)
      const dir = mkdtempSync(join(tmpdir(), 'leadrelay-demo-'))
      const clientSecret = randomBytes(24).toString('hex')
      const accessToken = randomBytes(32).toString('base64url')
      const logger = createLogger({ level: 'warn', destination: environment.stderr })
      const simulator = createSimulator({
        seed: options.seed,
        clientId: 'leadrelay-demo',
        clientSecret,
        accessToken,
        logger,
      })
      let relay: LeadRelay | undefined
      let sinks: DemoSinks | undefined
      let timer: NodeJS.Timeout | undefined
      let poller: NodeJS.Timeout | undefined
      let finish: () => void = () => {}
      const finished = new Promise<void>((resolve) => {
        finish = resolve
      })
      let stopping = false
      const shutdown = async () => {
        if (stopping) return
        stopping = true
        clearInterval(timer)
        clearInterval(poller)
        await simulator.stop().catch(() => {})
        await relay?.stop().catch(() => {})
        await sinks?.stop().catch(() => {})
        rmSync(dir, { recursive: true, force: true })
        out('stopped; the demo data folder is removed')
        finish()
      }
      const onSignal = () => void shutdown()
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
      try {
        const simulatorUrl = await simulator.start(0)
        sinks = await startDemoSinks((message) => {
          if (!options.quietSinks) out(`  [${message.sink} sink] ${message.summary}`)
        })
        const adminPassword = randomBytes(9).toString('base64url')
        // LeadRelay talks to the simulator as it would to LinkedIn: same secret, its API and OAuth URLs, a token.
        const loaded = loadConfig({
          env: {
            DATABASE_URL: `sqlite:${join(dir, 'leadrelay.db')}`,
            HOST: '127.0.0.1',
            PORT: options.port,
            LINKEDIN_CLIENT_ID: 'leadrelay-demo',
            LINKEDIN_CLIENT_SECRET: clientSecret,
            LINKEDIN_API_URL: simulatorUrl,
            LINKEDIN_OAUTH_URL: simulatorUrl,
            LINKEDIN_VERSION: currentVersion(systemClock),
            LINKEDIN_ACCESS_TOKEN: accessToken,
            LEADRELAY_SECRET_KEY: randomBytes(24).toString('hex'),
            LEADRELAY_API_TOKEN: randomBytes(24).toString('hex'),
            WORKER_POLL_INTERVAL_MS: String(POLL_MS),
            LOG_LEVEL: 'warn',
            LEADRELAY_ADMIN_EMAIL: DEMO_ADMIN,
            LEADRELAY_ADMIN_PASSWORD: adminPassword,
          },
          fileText: demoConfigYaml(sinks),
        })
        if (!loaded.ok) throw new CliError(formatConfigProblems(loaded.error))
        relay = await createLeadRelay(loaded.value, { logger })
        const { url } = await relay.start()
        out(`LeadRelay listening on ${url} (SQLite in ${dir})`)
        out(`LinkedIn simulator listening on ${simulatorUrl} (seed ${options.seed})`)
        const webhook = `${url}/webhooks/linkedin`
        // Subscribing over HTTP, as LeadRelay's own client will: the simulator challenges the webhook first.
        const response = await fetch(`${simulatorUrl}/rest/leadNotifications`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${simulator.accessToken}`,
            'linkedin-version': currentVersion(systemClock),
            'x-restli-protocol-version': '2.0.0',
            'content-type': 'application/json',
          },
          body: JSON.stringify({ webhook, owner: { sponsoredAccount: DEMO_ACCOUNT }, leadType: 'SPONSORED' }),
        })
        if (response.status !== 201)
          throw new CliError(`subscription failed (${response.status}): ${await response.text()}`)
        out(
          `subscribed ${webhook}: challenge passed, subscription ${response.headers.get('x-restli-id')}, webhook ${simulator.sender.webhook(webhook)?.status}`,
        )
        // A rep and a manager too, so each role's view can be tried.
        for (const [email, name, role, memberId] of [
          ['ana@example.com', 'Ana Ortiz', 'rep', 'ana'],
          ['manager@example.com', 'Morgan Lee', 'manager', undefined],
        ] as const) {
          await saveUser(
            relay.store,
            loaded.value.team,
            { email, name, role, memberId, password: adminPassword },
            Date.now(),
          )
        }
        out('')
        out(`  Dashboard: ${url}/`)
        out(
          `  Sign in as ${DEMO_ADMIN} (admin), manager@example.com or ana@example.com (rep), password: ${adminPassword}`,
        )
        out('')
        out(`submitting a lead every ${options.interval}; Ctrl-C to stop`)

        const described = new Map<string, string>()
        const live: string[] = []
        const shown = new Set<number>()
        let actions = 0
        const submit = async () => {
          actions += 1
          // Every fifth action withdraws the oldest lead, so the DELETED path shows too.
          const oldest = actions % 5 === 0 ? live.shift() : undefined
          if (oldest) {
            await simulator.deleteLead(oldest)
            return
          }
          const { lead } = await simulator.submitLead()
          described.set(`urn:li:leadGenFormResponse:${lead.id}`, describeLead(lead, simulator.forms))
          live.push(lead.id)
        }
        timer = setInterval(
          () => void submit().catch((error: Error) => out(`submit failed: ${error.message}`)),
          intervalMs,
        )
        void submit()
        poller = setInterval(async () => {
          const page = await listEvents((relay as LeadRelay).store.db, { limit: 100 }).catch(() => undefined)
          for (const event of [...(page?.events ?? [])].reverse()) {
            // Printed once the worker has taken it, so the line shows what LeadRelay made of it.
            if (shown.has(event.id) || event.status === 'queued') continue
            shown.add(event.id)
            const urn = event.lead_gen_form_response ?? ''
            const lead = simulator.store.lead(urn.replace('urn:li:leadGenFormResponse:', ''))
            // The notification can land before submitLead returns, so the simulator's store is asked too.
            const about = described.get(urn) ?? (lead ? describeLead(lead, simulator.forms) : '')
            const recorded = await leadAsRecorded((relay as LeadRelay).store, urn)
            out(
              `[${time(event.received_at)}] event #${event.id} ${event.lead_action} ${event.lead_type} ${urn} -> ${event.status}${recorded ? `; ${recorded}` : ''}${about ? ` [${about}]` : ''}`,
            )
            if (shown.size >= limit) {
              void shutdown()
              return
            }
          }
        }, POLL_MS)
      } catch (error) {
        await shutdown()
        throw error
      }
      await finished
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    })
}
