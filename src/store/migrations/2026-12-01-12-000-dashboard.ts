import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  const id = (col: ColumnDefinitionBuilder) =>
    sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity()
  const idType = sqlite ? ('integer' as const) : ('bigint' as const)

  await db.schema
    .createTable('web_users')
    .addColumn('id', idType, id)
    // Stored lower-cased: one account per address however it is typed.
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('member_id', 'text')
    // scrypt$N$r$p$salt$hash (base64url): the parameters travel with the hash so they can be raised later.
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('web_sessions')
    // SHA-256 of the cookie's token: a copy of the database does not hand out live sessions.
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', idType, (col) => col.notNull())
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('web_sessions_user').on('web_sessions').column('user_id').execute()

  await db.schema
    .createTable('web_login_failures')
    .addColumn('id', idType, id)
    // 'ip:<address>' or 'account:<email>'.
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('web_login_failures_key').on('web_login_failures').columns(['key', 'at']).execute()

  // Not personal: the campaign a sponsored lead came through, kept for filtering after deletion too.
  await db.schema.alterTable('leads').addColumn('campaign', 'text').execute()
  // A rep's own leads, newest first, without scanning everyone else's.
  await db.schema.createIndex('leads_owner_received').on('leads').columns(['owner_id', 'received_at', 'id']).execute()
  // Each Leads filter walks its own index newest first, so a filter that matches little or nothing is
  // still a short read; measured in bench/dashboard.ts (a filter with no match over 100,000 leads took
  // 400-800 ms without these, as the whole table was read in received order).
  for (const column of ['status', 'priority', 'lead_type', 'form_id', 'campaign', 'test'] as const) {
    await db.schema.createIndex(`leads_${column}_received`).on('leads').columns([column, 'received_at', 'id']).execute()
  }
  // Search reads this index instead of the wide rows (raw responses): a search with no match scans
  // 100,000 short entries rather than 100,000 rows.
  await db.schema
    .createIndex('leads_received_search')
    .on('leads')
    .columns(['received_at', 'id', 'search_text'])
    .execute()
}
