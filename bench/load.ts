import autocannon from 'autocannon'
import { type CpuShare, cpuShare, cpuSnapshot } from './cpu.js'
import { type NotificationPool, WEBHOOK_PATH } from './notifications.js'

export interface LoadOptions {
  readonly url: string
  readonly connections: number
  readonly durationS: number
  /** autocannon `overallRate`: requests per second across all connections. */
  readonly overallRate?: number
  readonly pool: NotificationPool
  /** Called with the response id of every 2xx answer. */
  readonly onAcknowledged?: (responseId: string) => void
  /** Processes that belong to the run (the target's), besides this one: for the CPU accounting. */
  readonly pids?: readonly number[]
}

export interface LoadResult {
  readonly connections: number
  readonly durationS: number
  readonly overallRate: number | null
  readonly requestsPerSecMean: number
  readonly requestsTotal: number
  readonly responses2xx: number
  readonly non2xx: number
  readonly statusCodes: Record<string, number>
  readonly errors: number
  readonly timeouts: number
  /** From every response's own timing (sub-millisecond), in ms. */
  readonly latencyMs: {
    readonly mean: number
    readonly p50: number
    readonly p90: number
    readonly p99: number
    readonly p999: number
    readonly max: number
  }
  /** autocannon's own summary (whole milliseconds, its histogram's resolution), for comparison. */
  readonly autocannonLatencyMs: { readonly p50: number; readonly p99: number; readonly max: number }
  /** How busy the machine was, and how much of it went to processes outside the bench. */
  readonly cpu: CpuShare | null
  /** The target's CPU time per completed request, in µs (null without /proc). */
  readonly targetCpuUsPerRequest: number | null
}

interface Context {
  responseId?: string
}

/** One autocannon run of signed, unique LEAD_ACTION notifications against `url`. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = []
  const { pool, onAcknowledged } = options
  const pids = [process.pid, ...(options.pids ?? [])]
  const cpuBefore = cpuSnapshot(pids)
  let instance: autocannon.Instance | undefined
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationS,
        // autocannon corrects for coordinated omission with an expected interval of ceil(1 / per-connection
        // rate) = 1 ms whatever the rate, which adds made-up samples to every response slower than 1 ms.
        ...(options.overallRate ? { overallRate: options.overallRate, ignoreCoordinatedOmission: true } : {}),
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: WEBHOOK_PATH,
            setupRequest: (request, context) => {
              const notification = pool.take()
              ;(context as Context).responseId = notification.responseId
              return {
                ...request,
                headers: {
                  'content-type': 'application/json',
                  'x-li-signature': notification.signature,
                },
                body: notification.body,
              }
            },
            // With pipelining 1, the context still names the request being answered when its answer arrives.
            onResponse: (status, _body, context) => {
              const id = (context as Context).responseId
              if (status >= 200 && status < 300 && id) onAcknowledged?.(id)
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    )
  })
  instance?.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime))
  const result = await finished
  const cpu = cpuShare(cpuBefore, cpuSnapshot(pids))
  const sorted = Float64Array.from(latencies).sort()
  const at = (q: number) =>
    sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0) : 0
  const mean = sorted.length ? sorted.reduce((sum, value) => sum + value, 0) / sorted.length : 0
  const statusCodes: Record<string, number> = {}
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = (stats as { count: number }).count
  return {
    connections: options.connections,
    durationS: result.duration,
    overallRate: options.overallRate ?? null,
    requestsPerSecMean: result.requests.mean,
    requestsTotal: result.requests.total,
    responses2xx: result['2xx'],
    non2xx: result.non2xx,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: { mean, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: at(1) },
    autocannonLatencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    cpu,
    targetCpuUsPerRequest:
      cpu && result.requests.total > 0 ? (cpu.targetCpuSeconds * 1e6) / result.requests.total : null,
  }
}
