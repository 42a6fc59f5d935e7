import type { Executor } from './executor.js'
import { emailHashFor, normalizeEmailKey } from './personal-data.js'

export async function suppress(db: Executor, address: string, reason: string, at: number): Promise<void> {
  await db
    .insertInto('email_suppressions')
    .values({ address: suppressionKey(db, address), reason, at })
    .onConflict((oc) => oc.column('address').doNothing())
    .execute()
}

export async function suppression(db: Executor, address: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('email_suppressions')
    .select('reason')
    .where('address', 'in', [...new Set([suppressionKey(db, address), normalizeEmailKey(address)])])
    .executeTakeFirst()
  return row?.reason
}

/**
 * The suppression list only answers "is this address on it?", so with personal data encrypted it keeps
 * the keyed hash, marked `hmac:` (rows from before stay readable: `suppression` also tries the address).
 */
function suppressionKey(db: Executor, address: string): string {
  const hash = emailHashFor(db, address)
  return hash ? `hmac:${hash}` : normalizeEmailKey(address)
}
