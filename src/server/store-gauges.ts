import { Gauge } from 'prom-client'
import type { TokenManager } from '../linkedin/index.js'
import { lastChallenge } from '../pipeline/subscriptions.js'
import type { Store } from '../store/index.js'
import type { Clock } from '../util/clock.js'
import type { Metrics } from './metrics.js'

/** Gauges read from the store when Prometheus scrapes, so every process of a fleet reports the same truth. */
export function registerStoreGauges(metrics: Metrics, deps: { store: Store; tokens: TokenManager; clock: Clock }) {
  const { store, tokens, clock } = deps
  const registers = [metrics.registry]
  new Gauge({
    name: 'leadrelay_jobs',
    help: 'Jobs by name and state (dead = dead letters)',
    labelNames: ['job', 'state'] as const,
    registers,
    async collect() {
      this.reset()
      const rows = await store.db
        .selectFrom('jobs')
        .select(['name', 'state', store.db.fn.countAll<number>().as('n')])
        .groupBy(['name', 'state'])
        .execute()
      for (const row of rows) this.set({ job: row.name, state: row.state }, Number(row.n))
    },
  })
  new Gauge({
    name: 'leadrelay_queue_lag_seconds',
    help: 'How long the oldest due job has been waiting',
    registers,
    async collect() {
      const now = clock.now().getTime()
      const row = await store.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.min<number>('run_at').as('at'))
        .where('state', '=', 'pending')
        .where('run_at', '<=', now)
        .executeTakeFirst()
      this.set(row?.at ? Math.max(0, (now - Number(row.at)) / 1000) : 0)
    },
  })
  new Gauge({
    name: 'leadrelay_deliveries',
    help: 'Deliveries by channel and state',
    labelNames: ['channel', 'state'] as const,
    registers,
    async collect() {
      this.reset()
      const rows = await store.db
        .selectFrom('deliveries')
        .select(['channel', 'state', store.db.fn.countAll<number>().as('n')])
        .groupBy(['channel', 'state'])
        .execute()
      for (const row of rows) this.set({ channel: row.channel, state: row.state }, Number(row.n))
    },
  })
  new Gauge({
    name: 'leadrelay_leads_recovered_by_pull',
    help: 'Leads that reached LeadRelay only through a reconciliation pull (each one a missed webhook)',
    registers,
    async collect() {
      const row = await store.db
        .selectFrom('pulls')
        .select((eb) => eb.fn.sum<number>('recovered').as('n'))
        .where('kind', '=', 'reconcile')
        .executeTakeFirst()
      this.set(Number(row?.n ?? 0))
    },
  })
  new Gauge({
    name: 'leadrelay_linkedin_token_days_left',
    help: 'Days until the LinkedIn access and refresh tokens expire',
    labelNames: ['token'] as const,
    registers,
    async collect() {
      this.reset()
      const status = await tokens.status()
      const now = clock.now().getTime()
      if (status.accessExpiresAt) this.set({ token: 'access' }, (status.accessExpiresAt.getTime() - now) / 86_400_000)
      if (status.refreshExpiresAt)
        this.set({ token: 'refresh' }, (status.refreshExpiresAt.getTime() - now) / 86_400_000)
    },
  })
  new Gauge({
    name: 'leadrelay_seconds_since_last_challenge',
    help: 'Seconds since LinkedIn last challenged the webhook (it re-validates every 2 h); -1 before the first',
    registers,
    async collect() {
      const last = await lastChallenge(store)
      this.set(last ? (clock.now().getTime() - last.at) / 1000 : -1)
    },
  })
}
