import { rmSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'

export interface FsyncProbe {
  /** Median and 99th percentile of one single-row commit, WAL + synchronous=FULL, in ms. */
  readonly p50Ms: number
  readonly p99Ms: number
}

/**
 * What one durable commit costs on this disk right now (DESIGN.md measured ≈ 0.2 ms). LeadRelay's figures
 * move with it: a neighbour's fsyncs or a slow disk show up here first.
 */
export function probeFsync(dir: string, commits = 200): FsyncProbe {
  const file = join(dir, 'fsync-probe.db')
  const db = new BetterSqlite3(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)')
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)')
    const times: number[] = []
    for (let i = 0; i < commits; i++) {
      const started = performance.now()
      insert.run('x'.repeat(300))
      times.push(performance.now() - started)
    }
    times.sort((a, b) => a - b)
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0
    return { p50Ms: at(0.5), p99Ms: at(0.99) }
  } finally {
    db.close()
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  }
}
