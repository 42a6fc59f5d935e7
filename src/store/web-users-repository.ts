import type { Kysely, Transaction } from 'kysely'
import type { Database, WebRole, WebSessionRow, WebUserRow } from './database.js'

type Executor = Kysely<Database> | Transaction<Database>

export interface NewWebUser {
  readonly email: string
  readonly name: string
  readonly role: WebRole
  readonly memberId: string | null
  readonly passwordHash: string
}

export async function findUserByEmail(db: Executor, email: string): Promise<WebUserRow | undefined> {
  return db.selectFrom('web_users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
}

export async function listUsers(db: Executor): Promise<WebUserRow[]> {
  return db.selectFrom('web_users').selectAll().orderBy('email').execute()
}

/** Creates the user, or (same e-mail) replaces its name, role, member and password. */
export async function upsertUser(db: Executor, user: NewWebUser, at: number): Promise<WebUserRow> {
  const values = {
    name: user.name,
    role: user.role,
    member_id: user.memberId,
    password_hash: user.passwordHash,
    updated_at: at,
  }
  return db
    .insertInto('web_users')
    .values({ ...values, email: user.email.toLowerCase(), created_at: at })
    .onConflict((oc) => oc.column('email').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function setPassword(db: Executor, userId: number, passwordHash: string, at: number): Promise<void> {
  await db
    .updateTable('web_users')
    .set({ password_hash: passwordHash, updated_at: at })
    .where('id', '=', userId)
    .execute()
}

/** Removes the user and every session it holds; false when there was no such user. */
export async function deleteUser(db: Executor, email: string): Promise<boolean> {
  const user = await findUserByEmail(db, email)
  if (!user) return false
  await revokeSessions(db, user.id)
  await db.deleteFrom('web_users').where('id', '=', user.id).execute()
  return true
}

export async function createSession(
  db: Executor,
  session: { id: string; userId: number; csrfToken: string; at: number; expiresAt: number },
): Promise<void> {
  await db
    .insertInto('web_sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.at,
      last_seen_at: session.at,
      expires_at: session.expiresAt,
    })
    .execute()
}

export interface SessionWithUser {
  readonly session: WebSessionRow
  readonly user: WebUserRow
}

export async function getSession(db: Executor, id: string): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('web_sessions')
    .innerJoin('web_users', 'web_users.id', 'web_sessions.user_id')
    .select([
      'web_sessions.id as session_id',
      'web_sessions.user_id',
      'web_sessions.csrf_token',
      'web_sessions.created_at as session_created_at',
      'web_sessions.last_seen_at',
      'web_sessions.expires_at',
      'web_users.id',
      'web_users.email',
      'web_users.name',
      'web_users.role',
      'web_users.member_id',
      'web_users.password_hash',
      'web_users.created_at',
      'web_users.updated_at',
    ])
    .where('web_sessions.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    session: {
      id: row.session_id,
      user_id: row.user_id,
      csrf_token: row.csrf_token,
      created_at: Number(row.session_created_at),
      last_seen_at: Number(row.last_seen_at),
      expires_at: Number(row.expires_at),
    },
    user: {
      id: Number(row.id),
      email: row.email,
      name: row.name,
      role: row.role,
      member_id: row.member_id,
      password_hash: row.password_hash,
      created_at: Number(row.created_at),
      updated_at: Number(row.updated_at),
    },
  }
}

export async function touchSession(db: Executor, id: string, at: number): Promise<void> {
  await db.updateTable('web_sessions').set({ last_seen_at: at }).where('id', '=', id).execute()
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('id', '=', id).execute()
}

/** Signs the user out everywhere. */
export async function revokeSessions(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('web_sessions').where('user_id', '=', userId).execute()
}

export async function deleteExpiredSessions(db: Executor, idleBefore: number, now: number): Promise<void> {
  await db
    .deleteFrom('web_sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('expires_at', '<=', now)]))
    .execute()
}

export async function recordLoginFailure(db: Executor, keys: readonly string[], at: number): Promise<void> {
  await db
    .insertInto('web_login_failures')
    .values(keys.map((key) => ({ key, at })))
    .execute()
}

/** Failures per key since `since`, and the oldest of them (for Retry-After). */
export async function countLoginFailures(
  db: Executor,
  keys: readonly string[],
  since: number,
): Promise<{ key: string; count: number; oldest: number }[]> {
  const rows = await db
    .selectFrom('web_login_failures')
    .select(['key', db.fn.countAll<number>().as('count'), db.fn.min<number>('at').as('oldest')])
    .where('key', 'in', keys)
    .where('at', '>=', since)
    .groupBy('key')
    .execute()
  return rows.map((r) => ({ key: r.key, count: Number(r.count), oldest: Number(r.oldest) }))
}

export async function pruneLoginFailures(db: Executor, before: number): Promise<void> {
  await db.deleteFrom('web_login_failures').where('at', '<', before).execute()
}
