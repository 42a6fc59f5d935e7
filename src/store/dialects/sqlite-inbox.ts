import type BetterSqlite3 from 'better-sqlite3'
import { ENQUEUE_SQL, JOB_COLUMNS } from '../../jobs/index.js'
import type { NewEventRow } from '../database.js'
import { type Inbox, type InboxEntry, type InboxOutcome, StoreUnavailableError } from '../store.js'

const EVENT_COLUMNS = [
  'dedupe_key',
  'status',
  'lead_gen_form_response',
  'lead_id',
  'lead_action',
  'lead_type',
  'lead_gen_form',
  'owner',
  'associated_entity',
  'occurred_at',
  'received_at',
  'raw_body',
  'raw_bytes',
  'signature_variant',
  'secret_slot',
  'quarantine_reason',
  'processed_at',
] as const satisfies readonly (keyof NewEventRow)[]

export const SYNCHRONOUS_LEVEL = { NORMAL: 1, FULL: 2 } as const

interface Pending {
  readonly entry: InboxEntry
  readonly queuedAt: number
  resolve(outcome: InboxOutcome): void
  reject(error: unknown): void
}

/**
 * Group commit: every notification that arrives in one event-loop turn is written in one transaction,
 * so one fsync (synchronous=FULL) covers them all. Measured here: per-request commits reach ~15 % of a
 * bare node:http server, group commit ~74 %. Each caller is answered only after that COMMIT returns.
 */
export function createSqliteInbox(
  raw: BetterSqlite3.Database,
  options: { commitTimeoutMs: number; synchronous: 'FULL' | 'NORMAL'; onCommitted: () => void },
): Inbox {
  // Prepared on first use: the tables exist only once migrations have run.
  let write:
    | { batch: (entries: InboxEntry[]) => InboxOutcome[]; single: (entry: InboxEntry) => InboxOutcome }
    | undefined
  function prepare() {
    if (write) return write
    const insertEvent = raw.prepare(
      `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (dedupe_key) DO NOTHING`,
    )
    const findEvent = raw.prepare<[string], number>('SELECT id FROM events WHERE dedupe_key = ?').pluck()
    const insertJob = raw.prepare(ENQUEUE_SQL)

    const writeOne = (entry: InboxEntry): InboxOutcome => {
      const event = pick(entry.event, EVENT_COLUMNS)
      const result = insertEvent.run(event)
      if (result.changes === 0) {
        return { kind: 'duplicate', eventId: findEvent.get(entry.event.dedupe_key) as number }
      }
      const eventId = Number(result.lastInsertRowid)
      for (const job of entry.jobs(eventId)) insertJob.run(pick(job, JOB_COLUMNS))
      return { kind: 'stored', eventId }
    }
    const writeBatch = raw.transaction((entries: InboxEntry[]) => entries.map(writeOne))
    const writeSingle = raw.transaction(writeOne)
    write = { batch: writeBatch, single: writeSingle }
    return write
  }

  let pending: Pending[] = []
  let scheduled = false

  function schedule() {
    if (scheduled) return
    scheduled = true
    setImmediate(flush)
  }

  function flush() {
    scheduled = false
    if (pending.length === 0) return
    if (raw.inTransaction) {
      // Another writer on this connection is between BEGIN and COMMIT (an async Kysely transaction);
      // writing now would nest inside it and acknowledge before its commit. Wait for it to finish.
      const now = Date.now()
      const expired = pending.filter((p) => now - p.queuedAt > options.commitTimeoutMs)
      pending = pending.filter((p) => now - p.queuedAt <= options.commitTimeoutMs)
      for (const p of expired) p.reject(new StoreUnavailableError('the database stayed busy past the commit timeout'))
      if (pending.length > 0) schedule()
      return
    }
    const batch = pending
    pending = []
    raw.pragma(`synchronous = ${options.synchronous}`)
    // Read back: a level that did not take (inside a transaction it cannot change) would acknowledge
    // events that a power loss can take away.
    if (raw.pragma('synchronous', { simple: true }) !== SYNCHRONOUS_LEVEL[options.synchronous]) {
      for (const p of batch) p.reject(new StoreUnavailableError(`synchronous=${options.synchronous} did not take`))
      return
    }
    try {
      const outcomes = prepare().batch(batch.map((p) => p.entry))
      for (const [i, p] of batch.entries()) p.resolve(outcomes[i] as InboxOutcome)
    } catch {
      // One bad row must not fail its neighbours: retry each in its own transaction.
      for (const p of batch) {
        try {
          p.resolve(prepare().single(p.entry))
        } catch (error) {
          p.reject(new StoreUnavailableError('could not commit the event', { cause: error }))
        }
      }
    } finally {
      raw.pragma('synchronous = NORMAL')
    }
    options.onCommitted()
  }

  return {
    append(entry) {
      return new Promise<InboxOutcome>((resolve, reject) => {
        pending.push({ entry, queuedAt: Date.now(), resolve, reject })
        schedule()
      })
    },
  }
}

function pick<T extends object>(row: T, columns: readonly (keyof T)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const column of columns) out[column as string] = row[column] ?? null
  return out
}
