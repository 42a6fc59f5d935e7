import { Gauge } from 'prom-client'
import { countJobsByNameAndState, queueLagSeconds } from '../jobs/index.js'
import type { TokenManager } from '../linkedin/index.js'
import { challengesRepository, deliveriesRepository, pullsRepository, type Store } from '../store/index.js'
import type { Clock } from '../util/index.js'
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
      for (const row of await countJobsByNameAndState(store.db)) this.set({ job: row.name, state: row.state }, row.n)
    },
  })
  new Gauge({
    name: 'leadrelay_queue_lag_seconds',
    help: 'How long the oldest due job has been waiting',
    registers,
    async collect() {
      this.set(await queueLagSeconds(store.db, clock.now()))
    },
  })
  new Gauge({
    name: 'leadrelay_deliveries',
    help: 'Deliveries by channel and state',
    labelNames: ['channel', 'state'] as const,
    registers,
    async collect() {
      this.reset()
      for (const row of await deliveriesRepository.countDeliveriesByChannelAndState(store.db))
        this.set({ channel: row.channel, state: row.state }, row.n)
    },
  })
  new Gauge({
    name: 'leadrelay_leads_recovered_by_pull',
    help: 'Leads that reached LeadRelay only through a reconciliation pull (each one a missed webhook)',
    registers,
    async collect() {
      this.set(await pullsRepository.countRecoveredByReconciliation(store.db))
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
      const last = await challengesRepository.lastChallenge(store.db)
      this.set(last ? (clock.now().getTime() - last.at) / 1000 : -1)
    },
  })
}
