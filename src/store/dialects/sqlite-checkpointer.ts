import { statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** Checkpoint once the WAL holds this much (SQLite's own auto-checkpoint default is 1,000 pages, ~4 MB). */
export const CHECKPOINT_WAL_BYTES = 4 * 1024 * 1024
const CHECK_EVERY_MS = 250
/** A thread that found nothing new to copy for this long ends; the next write past the limit starts another. */
export const CHECKPOINTER_IDLE_MS = 30_000

// Plain CommonJS run with `eval`, so it needs no build step and no TypeScript loader (tests run src/).
// Once the WAL file has reached the limit it stays that size (SQLite restarts it in place), so from then
// on each tick copies whatever is new; with nothing new, SQLite returns without writing or syncing.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads')
const { statSync } = require('node:fs')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('wal_autocheckpoint = 0')
db.pragma('busy_timeout = 1000')
const wal = () => { try { return statSync(workerData.file + '-wal') } catch { return undefined } }
let lastWrite = Date.now()
const end = () => { clearInterval(timer); db.close(); parentPort.close() }
const timer = setInterval(() => {
  const stat = wal()
  if (stat && stat.mtimeMs > lastWrite) lastWrite = stat.mtimeMs
  if (Date.now() - lastWrite > workerData.idleMs) return end()
  if (!stat || stat.size < workerData.limit) return
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch (error) { parentPort.postMessage({ error: String(error) }) }
}, workerData.everyMs)
parentPort.on('message', end)
`

export interface Checkpointer {
  stop(): Promise<void>
}

/**
 * Copies the WAL back into the database file from a thread of its own, so no request waits for it: with
 * SQLite's auto-checkpoint, the commit that crossed ~4 MB of WAL ran the checkpoint (page writes and two
 * fsyncs, 10–24 ms on this project's 2-core VMs) on the event loop. PASSIVE never blocks writers or
 * readers. The thread (~16 MB of RSS) runs only while the WAL is being written past the limit, so an idle
 * LeadRelay holds none. Should a thread fail, `onLost` is told, so SQLite's auto-checkpoint can take over.
 */
export function startCheckpointer(
  file: string,
  events: { onError: (message: string) => void; onLost: () => void },
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  let thread: { worker: Worker; exited: Promise<void> } | undefined
  let lost = false
  let seenWrite = 0

  function start() {
    const worker = new Worker(THREAD, {
      eval: true,
      workerData: { file, driver, limit: CHECKPOINT_WAL_BYTES, everyMs: CHECK_EVERY_MS, idleMs: CHECKPOINTER_IDLE_MS },
    })
    worker.on('message', (message: { error?: string }) => {
      if (message.error) events.onError(message.error)
    })
    worker.on('error', (error) => events.onError(error.message))
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', (code) => {
        thread = undefined
        if (code !== 0 && !lost) {
          lost = true
          clearInterval(watch)
          events.onLost()
        }
        resolve()
      }),
    )
    worker.unref()
    thread = { worker, exited }
  }

  // A stat every tick on this thread (microseconds); a thread only once the WAL is written past the limit.
  const watch = setInterval(() => {
    try {
      const stat = statSync(`${file}-wal`)
      const written = stat.mtimeMs !== seenWrite
      seenWrite = stat.mtimeMs
      if (!thread && written && stat.size >= CHECKPOINT_WAL_BYTES) start()
    } catch {
      // No WAL yet.
    }
  }, CHECK_EVERY_MS)
  watch.unref()

  return {
    async stop() {
      clearInterval(watch)
      const running = thread
      if (!running) return
      // Held while stopping, or the process could run out of work and exit before the thread closed the file.
      running.worker.ref()
      running.worker.postMessage('stop')
      await running.exited
    },
  }
}
