import type { TokenRow } from './database.js'
import type { Executor } from './executor.js'

export const DEFAULT_CONNECTION = 'default'

export async function getToken(db: Executor, id = DEFAULT_CONNECTION): Promise<TokenRow | undefined> {
  return db.selectFrom('linkedin_tokens').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function saveToken(
  db: Executor,
  row: Omit<TokenRow, 'last_refresh_error'> & { last_refresh_error?: string | null },
) {
  const values = { ...row, last_refresh_error: row.last_refresh_error ?? null }
  await db
    .insertInto('linkedin_tokens')
    .values(values)
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute()
}

export async function recordRefreshError(db: Executor, message: string, at: number, id = DEFAULT_CONNECTION) {
  await db
    .updateTable('linkedin_tokens')
    .set({ last_refresh_error: message, updated_at: at })
    .where('id', '=', id)
    .execute()
}

/** A one-time sign-in state, valid for `ttlMs`. */
export async function createOAuthState(db: Executor, state: string, now: number, ttlMs: number) {
  await db
    .insertInto('oauth_states')
    .values({ state, created_at: now, expires_at: now + ttlMs, used_at: null })
    .execute()
}

export async function isOAuthStatePending(db: Executor, state: string, now: number): Promise<boolean> {
  const row = await db.selectFrom('oauth_states').selectAll().where('state', '=', state).executeTakeFirst()
  return row !== undefined && row.used_at === null && row.expires_at > now
}

/** Marks the state used; true only for the first caller while it is valid (a state works once). */
export async function consumeOAuthState(db: Executor, state: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('oauth_states')
    .set({ used_at: now })
    .where('state', '=', state)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
