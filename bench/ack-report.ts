// Sections A and B of the printed table: acknowledgements per second and their latency, LeadRelay next to a
// bare node:http server measured the same way in the same run.
import { fmt, table } from './format.js'
import type { LoadResult } from './load.js'
import type { LoopDelay } from './probes.js'

export const ACK_TARGETS = { throughputRatio: 0.7, p99Ms: 5, p999Ms: 25, loopStallMs: 50 } as const

export interface TargetResult {
  readonly warmup: LoadResult
  readonly fixedRate: LoadResult
  readonly throughput: LoadResult
  /** The web process's event-loop delay during each measured phase (LeadRelay only). */
  readonly loopDelay?: { readonly fixedRate: LoopDelay | null; readonly throughput: LoopDelay | null }
  /** Largest RSS sample over the phases, MiB. */
  readonly rssMaxMiB?: number | null
}

const otherCpu = (r: LoadResult) => (r.cpu ? `${fmt(r.cpu.foreign * 100, 0)} %` : 'n/a')
const loop = (d: LoopDelay | null | undefined) =>
  d ? `event-loop delay p99 ${fmt(d.p99Ms, 1)} ms, max ${fmt(d.maxMs, 1)} ms` : 'event-loop delay n/a'

export function ackTargets(bare: TargetResult, leadrelay: TargetResult) {
  const ratio = leadrelay.throughput.requestsPerSecMean / bare.throughput.requestsPerSecMean
  const p99 = leadrelay.fixedRate.latencyMs.p99
  const p999 = leadrelay.fixedRate.latencyMs.p999
  const stalls = [leadrelay.loopDelay?.fixedRate?.maxMs, leadrelay.loopDelay?.throughput?.maxMs].filter(
    (v): v is number => v !== undefined,
  )
  const stall = stalls.length ? Math.max(...stalls) : Number.NaN
  return {
    throughputRatio: { value: ratio, target: ACK_TARGETS.throughputRatio, met: ratio >= ACK_TARGETS.throughputRatio },
    p99AtFixedRateMs: { value: p99, target: ACK_TARGETS.p99Ms, met: p99 < ACK_TARGETS.p99Ms },
    p999AtFixedRateMs: { value: p999, target: ACK_TARGETS.p999Ms, met: p999 < ACK_TARGETS.p999Ms },
    webLoopStallMs: { value: stall, target: ACK_TARGETS.loopStallMs, met: stall < ACK_TARGETS.loopStallMs },
  }
}

export function ackLines(
  settings: { connections: number; durationS: number; rate: number; rateConnections: number },
  bare: TargetResult,
  leadrelay: TargetResult,
  name = 'LeadRelay',
): string[] {
  const t = ackTargets(bare, leadrelay)
  const out: string[] = []
  out.push(`A. Throughput: ${settings.connections} connections, ${settings.durationS} s`)
  out.push(
    table(
      ['', 'req/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'non-2xx', 'errors', 'CPU µs/req', 'other CPU'],
      (
        [
          ['bare node:http', bare.throughput],
          [name, leadrelay.throughput],
        ] as const
      ).map(([label, r]) => [
        label,
        fmt(r.requestsPerSecMean, 0),
        fmt(r.latencyMs.p50),
        fmt(r.latencyMs.p99),
        fmt(r.latencyMs.max),
        String(r.responses2xx),
        String(r.non2xx),
        String(r.errors),
        r.targetCpuUsPerRequest === null ? 'n/a' : fmt(r.targetCpuUsPerRequest, 0),
        otherCpu(r),
      ]),
    ),
  )
  out.push(
    `  ${name} / bare throughput: ${fmt(t.throughputRatio.value * 100, 1)} % (target ≥ ${ACK_TARGETS.throughputRatio * 100} %): ` +
      `${t.throughputRatio.met ? 'met' : 'NOT met'}; ${name} ${loop(leadrelay.loopDelay?.throughput)}`,
  )
  out.push('')
  out.push(
    `B. Fixed rate: ${settings.rate} req/s (autocannon overallRate, ${settings.rateConnections} connections), ${settings.durationS} s`,
  )
  out.push(
    table(
      ['', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'non-2xx', 'errors', 'other CPU'],
      (
        [
          ['bare node:http', bare.fixedRate],
          [name, leadrelay.fixedRate],
        ] as const
      ).map(([label, r]) => [
        label,
        fmt(r.requestsPerSecMean, 0),
        fmt(r.latencyMs.p50),
        fmt(r.latencyMs.p90),
        fmt(r.latencyMs.p99),
        fmt(r.latencyMs.p999),
        fmt(r.latencyMs.max),
        String(r.non2xx),
        String(r.errors),
        otherCpu(r),
      ]),
    ),
  )
  const met = (x: { value: number; target: number; met: boolean }) =>
    `${fmt(x.value)} ms (target < ${x.target} ms): ${x.met ? 'met' : 'NOT met'}`
  out.push(
    `  ${name} at ${settings.rate} req/s: p99 ${met(t.p99AtFixedRateMs)}; p99.9 ${met(t.p999AtFixedRateMs)}; ${loop(leadrelay.loopDelay?.fixedRate)}`,
  )
  out.push(`  largest web event-loop stall in A and B: ${met(t.webLoopStallMs)}`)
  return out
}
