import { type Kysely, SqliteAdapter } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  // The signature covers bytes, not text: a body that is not UTF-8 (or holds NUL, which PostgreSQL text
  // refuses) is kept exactly as received, so it still verifies when someone looks at it.
  await db.schema
    .alterTable('events')
    .addColumn('raw_bytes', sqlite ? 'blob' : 'bytea')
    .execute()
}
