import type { Kysely } from 'kysely'
import type { Database, NewEventRow, NewJobRow } from './database.js'
import type { BusinessTime } from './speed-durations.js'

export type Dialect = 'sqlite' | 'postgres'

/** Differences between backends, decided once when the store opens and read where they matter. */
export interface Capabilities {
  /** `FOR UPDATE SKIP LOCKED`: several workers can claim jobs side by side. */
  readonly skipLocked: boolean
  /** `SELECT … FOR UPDATE`. SQLite needs none: it has one writer at a time. */
  readonly rowLocks: boolean
}

export interface InboxEntry {
  readonly event: NewEventRow
  /** Jobs enqueued in the same transaction, only when the event is new. */
  readonly jobs: (eventId: number) => readonly NewJobRow[]
}

export type InboxOutcome =
  | { readonly kind: 'stored'; readonly eventId: number }
  | { readonly kind: 'duplicate'; readonly eventId: number }

/**
 * The durable write path of the webhook. A resolved promise means the event and its jobs are committed
 * (with the dialect's durability); a rejection means nothing was acknowledged and the sender must retry.
 */
export interface Inbox {
  append(entry: InboxEntry): Promise<InboxOutcome>
}

export interface Store {
  readonly dialect: Dialect
  readonly db: Kysely<Database>
  readonly capabilities: Capabilities
  readonly inbox: Inbox
  /** ENCRYPT_PERSONAL_DATA: personal columns are ciphertext, so lead search matches an exact e-mail only. */
  readonly personalDataEncrypted: boolean
  /** The owners' working hours, when the store keeps speed figures (see `recordSpeedDurations`). */
  readonly businessTime?: BusinessTime | undefined
  /** Facts worth logging at start (journal mode, synchronous level, pool size). */
  readonly settings: Readonly<Record<string, string | number>>
  /** Tells in-process workers that jobs were committed, so none waits for its next poll. */
  notifyJobs(): void
  /**
   * After personal data was erased: makes sure no old copy stays on disk. SQLite checkpoints and truncates
   * its write-ahead log (old page versions live there until a checkpoint); PostgreSQL has nothing to do
   * here (its WAL and dead tuples are the server's business: VACUUM and WAL recycling).
   */
  afterErasure(): Promise<void>
  onJobs(listener: () => void): () => void
  ping(): Promise<void>
  close(): Promise<void>
}

/** The store could not commit in time or at all: the webhook answers 503 so that LinkedIn retries. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError'
}
