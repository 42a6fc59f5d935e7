import { type Kysely, sql } from 'kysely'
import { enqueueRows } from '../../jobs/index.js'
import type { Database } from '../database.js'
import { type Inbox, type InboxOutcome, StoreUnavailableError } from '../store.js'

export const JOBS_CHANNEL = 'leadrelay_jobs'

/**
 * One short transaction per notification. PostgreSQL groups concurrent commits from the pool into
 * shared WAL flushes by itself (measured here: ~1.9k commits/s on one connection, ~6.9k with 8).
 */
export function createPostgresInbox(
  db: Kysely<Database>,
  options: { commitTimeoutMs: number; onCommitted: () => void },
): Inbox {
  async function write(entry: Parameters<Inbox['append']>[0]): Promise<InboxOutcome> {
    return db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('events')
        .values(entry.event)
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!inserted) {
        const existing = await trx
          .selectFrom('events')
          .select('id')
          .where('dedupe_key', '=', entry.event.dedupe_key)
          .executeTakeFirstOrThrow()
        return { kind: 'duplicate', eventId: existing.id }
      }
      const jobs = entry.jobs(inserted.id)
      if (jobs.length > 0) {
        await enqueueRows(trx, jobs)
        // Delivered at COMMIT to every process listening: workers elsewhere wake without polling.
        await sql`select pg_notify(${JOBS_CHANNEL}, '')`.execute(trx)
      }
      return { kind: 'stored', eventId: inserted.id }
    })
  }

  return {
    async append(entry) {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new StoreUnavailableError('the database did not commit within the commit timeout')),
          options.commitTimeoutMs,
        )
      })
      try {
        const outcome = await Promise.race([write(entry), timeout])
        if (outcome.kind === 'stored') options.onCommitted()
        return outcome
      } catch (error) {
        if (error instanceof StoreUnavailableError) throw error
        throw new StoreUnavailableError('could not commit the event', { cause: error })
      } finally {
        clearTimeout(timer)
      }
    },
  }
}
