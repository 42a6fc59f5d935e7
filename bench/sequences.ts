// The sequences phase of `npm run bench`: what enrolment and the first sequence e-mail add to a lead, in
// LeadRelay's own time. In one process: a SQLite store (synchronous=FULL, as production), the routing
// transaction with its enrolment hook, the worker draining the step job and the deliver job, and a real SMTP
// server (smtp-server) on loopback. Each e-mail's SMTP conversation is timed and taken off: it is the peer's
// time, not ours. Run alone with `npx tsx bench/sequences.ts`.
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import BetterSqlite3 from 'better-sqlite3'
import { SMTPServer } from 'smtp-server'
import { createDeliverHandler } from '../src/channels/index.js'
import { loadConfig } from '../src/config/index.js'
import { createWorker } from '../src/jobs/index.js'
import { routeAndAlert } from '../src/pipeline/index.js'
import { createSequences } from '../src/sequences/index.js'
import { createStore, leadsRepository, migrateStore } from '../src/store/index.js'
import { systemClock } from '../src/util/clock.js'
import { silentLogger } from '../src/util/logger.js'
import { fmt, table } from './format.js'

export const SEQUENCE_TARGET_MS = 50

/**
 * Counts SQLite commits: a writing statement run outside a transaction (autocommit), and each COMMIT. Every
 * statement goes through `prepare`, so wrapping the statements it returns sees them all.
 */
function countCommits(): { readonly count: () => number; readonly restore: () => void } {
  const proto = BetterSqlite3.prototype as unknown as { prepare: (sql: string) => BetterSqlite3.Statement }
  const prepare = proto.prepare
  let commits = 0
  proto.prepare = function (this: BetterSqlite3.Database, sql: string) {
    const statement = prepare.call(this, sql)
    for (const method of ['run', 'all', 'get', 'iterate'] as const) {
      const original = statement[method] as (...args: unknown[]) => unknown
      ;(statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        const inside = this.inTransaction
        const result = original.apply(statement, args)
        if (inside ? !this.inTransaction : !statement.readonly && !this.inTransaction) commits++
        return result
      }
    }
    return statement
  }
  return {
    count: () => commits,
    restore: () => {
      proto.prepare = prepare
    },
  }
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0

export async function runSequenceBench(leads = Number(process.env.BENCH_SEQUENCE_LEADS) || 200) {
  const work = mkdtempSync(join(tmpdir(), 'leadrelay-bench-seq-'))
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {})
      stream.on('end', () => callback())
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  const commits = countCommits()
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`
  const store = await createStore({
    url: `sqlite:${join(work, 'bench.db')}`,
    sqliteSynchronous: 'FULL',
    postgresPoolSize: 1,
    commitTimeoutMs: 2000,
  })
  try {
    await migrateStore(store)
    const loaded = loadConfig({
      env: {},
      fileText: `
team:
  members: [{ id: ann, name: Ann West, timeZone: America/Chicago, mailbox: { from: ann@acme.test, smtpUrl: "${smtpUrl}" } }]
  fallbackOwner: ann
compliance: { postalAddress: "Acme Robotics Inc., 100 Congress Ave, Austin, TX 78701" }
sequences:
  - name: bench
    sendWindow: { days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00" }
    steps:
      - { id: intro, type: email, subject: "Your demo request, {{ lead.firstName }}", body: "Hi {{ lead.firstName }}, thanks for asking about {{ lead.company }}." }
      - { id: pause, type: wait, wait: 3d }
`,
    })
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error))
    const config = loaded.value
    const sequences = createSequences(
      {
        sequences: config.sequences,
        compliance: config.compliance,
        team: config.team,
        defaultTimeZone: 'America/Chicago',
        baseUrl: 'http://leadrelay.example',
      },
      { store, clock: systemClock, logger: silentLogger, key: async () => Buffer.alloc(32, 7) },
    )
    // The SMTP conversation of each sequence e-mail is timed where it happens and taken off as the peer's time.
    let smtpTime = 0
    const transports = sequences.runtime.transports as { get: typeof sequences.runtime.transports.get }
    const get = transports.get.bind(transports)
    const timed = new WeakSet<object>()
    transports.get = (url) => {
      const transport = get(url)
      if (!timed.has(transport)) {
        timed.add(transport)
        const send = transport.sendMail.bind(transport)
        transport.sendMail = (async (message: Parameters<typeof send>[0]) => {
          const started = performance.now()
          try {
            return await send(message)
          } finally {
            smtpTime += performance.now() - started
          }
        }) as typeof transport.sendMail
      }
      return transport
    }
    const enrolMs: number[] = []
    const onRouted = sequences.onRouted
    if (!onRouted) throw new Error('sequences are not enabled')
    const settings = {
      team: config.team,
      scoring: config.scoring,
      routing: config.routing,
      channels: [],
      escalationMinutes: { hot: 0, warm: 0, cold: 0 },
    }
    const worker = createWorker({
      store,
      clock: systemClock,
      logger: silentLogger,
      handlers: {
        ...sequences.handlers,
        deliver: createDeliverHandler({
          store,
          channels: new Map(),
          buildAlert: async () => undefined,
          clock: systemClock,
          logger: silentLogger,
          senders: sequences.senders,
        }),
      },
      concurrency: 1,
      pollIntervalMs: 60_000,
      leaseMs: 60_000,
    })
    const ownMs: number[] = []
    const smtpMs: number[] = []
    const commitsPerLead: number[] = []
    for (let i = 0; i < leads + 20; i++) {
      const id = `bench-${i}`
      const at = Date.now()
      await leadsRepository.insertLeadIfNew(store.db, {
        id,
        urn: `urn:li:leadGenFormResponse:${id}`,
        status: 'enriched',
        received_at: at,
        source: 'webhook',
        test: 0,
        fields: JSON.stringify({
          firstName: 'Dana',
          lastName: 'Reyes',
          email: `dana${i}@prospect.test`,
          company: 'Acme',
        }),
        created_at: at,
        updated_at: at,
      })
      let enrol = 0
      const commitsBefore = commits.count()
      await routeAndAlert(
        {
          store,
          clock: systemClock,
          settings,
          onRouted: async (...args) => {
            const started = performance.now()
            const enrolled = await onRouted(...args)
            enrol = performance.now() - started
            return enrolled
          },
        },
        id,
      )
      smtpTime = 0
      const started = performance.now()
      await worker.drain()
      const drained = performance.now() - started
      const smtpRoundTrip = smtpTime
      if (i < 20) continue // warm-up: JIT, SQLite page cache, SMTP pool
      commitsPerLead.push(commits.count() - commitsBefore)
      enrolMs.push(enrol)
      smtpMs.push(smtpRoundTrip)
      ownMs.push(enrol + Math.max(0, drained - smtpRoundTrip))
    }
    const sent = await store.db
      .selectFrom('sequence_steps')
      .select(store.db.fn.countAll<number>().as('n'))
      .where('state', '=', 'sent')
      .executeTakeFirstOrThrow()
    await sequences.close()
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b)
    const own = sorted(ownMs)
    const p99 = percentile(own, 0.99)
    const result = {
      leads,
      firstEmailsSent: Number(sent.n),
      enrolmentMs: { p50: percentile(sorted(enrolMs), 0.5), p99: percentile(sorted(enrolMs), 0.99) },
      smtpRoundTripMs: { p50: percentile(sorted(smtpMs), 0.5), p99: percentile(sorted(smtpMs), 0.99) },
      leadrelayOwnMs: { p50: percentile(own, 0.5), p99, max: own.at(-1) ?? 0 },
      /** SQLite commits from routing to the first e-mail settled (routing's own included). */
      commitsPerLead: commitsPerLead.reduce((a, b) => a + b, 0) / Math.max(1, commitsPerLead.length),
      loadAverage: loadavg()[0] ?? 0,
      target: { p99Ms: SEQUENCE_TARGET_MS, met: p99 < SEQUENCE_TARGET_MS },
    }
    const lines = [
      `Sequences: enrolment + first e-mail, ${leads} leads (SQLite as in production, real SMTP on loopback, SMTP time taken off)`,
      table(
        ['', 'p50 ms', 'p99 ms'],
        [
          ['enrolment (in the routing transaction)', fmt(result.enrolmentMs.p50), fmt(result.enrolmentMs.p99)],
          ['SMTP round trip (peer, not counted)', fmt(result.smtpRoundTripMs.p50), fmt(result.smtpRoundTripMs.p99)],
          ['LeadRelay’s own time, enrolment → e-mail sent', fmt(result.leadrelayOwnMs.p50), fmt(p99)],
        ],
      ),
      `  target p99 < ${SEQUENCE_TARGET_MS} ms: ${result.target.met ? 'met' : 'NOT met'}; ${result.firstEmailsSent} first e-mails sent; ` +
        `${fmt(result.commitsPerLead, 1)} SQLite commits a lead; load average ${fmt(result.loadAverage, 1)}`,
    ]
    return { lines, result }
  } finally {
    commits.restore()
    await store.close()
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1]?.endsWith('sequences.ts')) {
  runSequenceBench().then(({ lines, result }) => {
    process.stdout.write(`${lines.join('\n')}\n`)
    if (result.firstEmailsSent < result.leads) process.exitCode = 1
  })
}
