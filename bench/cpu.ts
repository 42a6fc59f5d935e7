import { readFileSync } from 'node:fs'

/**
 * CPU accounting from /proc (Linux), to tell whether something else on the machine competed with the
 * run: on 2 cores, one busy neighbour changes every figure.
 */
export interface CpuSnapshot {
  /** Jiffies over all CPUs: total and busy (not idle or iowait). */
  readonly total: number
  readonly busy: number
  /** utime + stime of the processes we own (the bench and its children). */
  readonly ours: number
}

export interface CpuShare {
  /** Share of the whole machine (all CPUs) that was busy, 0–1. */
  readonly busy: number
  /** Share of the whole machine used by processes other than the bench and its children, 0–1. */
  readonly foreign: number
}

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
    return { total, busy: total - idle, ours: pids.reduce((sum, pid) => sum + processJiffies(pid), 0) }
  } catch {
    return undefined
  }
}

export function cpuShare(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined): CpuShare | null {
  if (!before || !after || after.total <= before.total) return null
  const total = after.total - before.total
  const busy = after.busy - before.busy
  const ours = after.ours - before.ours
  return { busy: busy / total, foreign: Math.max(0, busy - ours) / total }
}
