// What the bench reads from a running LeadRelay besides its answers: its event-loop delay (from its own
// /metrics) and its resident memory (from /proc).
import { readFileSync } from 'node:fs'

/** prom-client's event-loop monitor fires every 10 ms and records whole intervals: the excess is the delay. */
const LOOP_RESOLUTION_MS = 10

export interface LoopDelay {
  /** ms the main (web) thread's 10 ms timer fired late: p99 and max since the previous scrape. */
  readonly p99Ms: number
  readonly maxMs: number
}

/**
 * Scrapes `/metrics`. prom-client resets its event-loop histogram on every scrape, so a scrape before a
 * phase starts it afresh and one after it reads that phase alone. Scrapes run only outside the load.
 */
export async function scrapeLoopDelay(url: string): Promise<LoopDelay | null> {
  try {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })
    if (!response.ok) return null
    const text = await response.text()
    const value = (name: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`leadrelay_process_nodejs_eventloop_lag_${name}_seconds`))
      const seconds = line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN
      return Number.isFinite(seconds) ? Math.max(0, seconds * 1000 - LOOP_RESOLUTION_MS) : Number.NaN
    }
    const loop = { p99Ms: value('p99'), maxMs: value('max') }
    return Number.isNaN(loop.p99Ms) || Number.isNaN(loop.maxMs) ? null : loop
  } catch {
    return null
  }
}

/** VmRSS and VmHWM (peak) of a process in MiB; null where /proc is not readable (not Linux). */
export function memoryOf(pid: number | undefined): { rssMiB: number; peakMiB: number } | null {
  if (!pid) return null
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
    const rss = kib('VmRSS')
    const peak = kib('VmHWM')
    return Number.isNaN(rss) ? null : { rssMiB: rss / 1024, peakMiB: peak / 1024 }
  } catch {
    return null
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the largest sample. */
export function sampleRss(pid: number | undefined, everyMs = 250) {
  let max = 0
  const take = () => {
    const memory = memoryOf(pid)
    if (memory) max = Math.max(max, memory.rssMiB)
  }
  take()
  const timer = setInterval(take, everyMs)
  timer.unref()
  return {
    stop(): number | null {
      clearInterval(timer)
      take()
      return max > 0 ? max : null
    },
  }
}
