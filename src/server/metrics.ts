import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client'

/** One registry per app instance (never prom-client's global), so tests and several apps don't collide. */
export function createMetrics() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'leadrelay_process_' })
  return {
    registry,
    notifications: new Counter({
      name: 'leadrelay_notifications_total',
      help: 'LinkedIn webhook notifications by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    signatureVariants: new Counter({
      name: 'leadrelay_signature_variant_total',
      help: 'Which X-LI-Signature variant matched (prefixed-body is what LinkedIn documents in code)',
      labelNames: ['variant'] as const,
      registers: [registry],
    }),
    ackSeconds: new Histogram({
      name: 'leadrelay_webhook_ack_seconds',
      help: 'Time from the notification arriving to its acknowledgement (after commit)',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'leadrelay_jobs_settled_total',
      help: 'Jobs settled by the worker, by job name and outcome',
      labelNames: ['job', 'outcome'] as const,
      registers: [registry],
    }),
    crmLookupFailures: new Counter({
      name: 'leadrelay_crm_lookup_failures_total',
      help: 'CRM owner lookups (existing-owner routing) that failed; routing fell through to the next rule',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
  }
}

export type Metrics = ReturnType<typeof createMetrics>
