import { readFileSync } from 'node:fs'

/**
 * CPU accounting from /proc (Linux), to tell whether something else on the machine competed with the
 * run: on 2 cores, one busy neighbour changes every figure.
 */
export interface CpuSnapshot {
  /** Jiffies over all CPUs: total and busy (not idle or iowait). */
  readonly total: number
  readonly busy: number
  readonly iowait: number
  /** utime + stime of the processes we own (the bench and its children). */
  readonly ours: number
  /** utime + stime of the target's processes (all of `pids` but the first, which is the bench). */
  readonly target: number
}

export interface CpuShare {
  /** Share of the whole machine (all CPUs) that was busy, 0–1. */
  readonly busy: number
  /** Share of the whole machine used by processes other than the bench and its children, 0–1. */
  readonly foreign: number
  /** Share of the whole machine's time spent idle waiting for the disk, 0–1 (other processes' fsyncs show here). */
  readonly iowait: number
  /** CPU seconds the target's processes used. Divided by requests, it hardly moves with neighbours. */
  readonly targetCpuSeconds: number
}

/** Linux's USER_HZ: /proc times are in hundredths of a second. */
const TICKS_PER_SECOND = 100

function processJiffies(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}

export function cpuSnapshot(pids: readonly number[]): CpuSnapshot | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
    const [, ...values] = line.trim().split(/\s+/)
    const n = values.map(Number)
    const total = n.slice(0, 8).reduce((sum, value) => sum + value, 0)
    const idle = (n[3] ?? 0) + (n[4] ?? 0)
    const each = pids.map(processJiffies)
    return {
      total,
      busy: total - idle,
      iowait: n[4] ?? 0,
      ours: each.reduce((sum, value) => sum + value, 0),
      target: each.slice(1).reduce((sum, value) => sum + value, 0),
    }
  } catch {
    return undefined
  }
}

export function cpuShare(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined): CpuShare | null {
  if (!before || !after || after.total <= before.total) return null
  const total = after.total - before.total
  const busy = after.busy - before.busy
  const ours = after.ours - before.ours
  return {
    busy: busy / total,
    foreign: Math.max(0, busy - ours) / total,
    iowait: (after.iowait - before.iowait) / total,
    targetCpuSeconds: (after.target - before.target) / TICKS_PER_SECOND,
  }
}
