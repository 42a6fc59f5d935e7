import type { Kysely } from 'kysely'
import { SEALED_VALUE_PREFIX } from '../util/index.js'
import type { Executor } from './executor.js'
import { emailHashFor, PERSONAL_COLUMNS, personalDataOf } from './personal-data.js'

const BATCH = 200
const KEYS: Readonly<Record<string, readonly string[]>> = {
  leads: ['id'],
  sequence_enrolments: ['id'],
  sequence_steps: ['enrolment_id', 'step_id'],
  sequence_replies: ['id'],
}

/**
 * With ENCRYPT_PERSONAL_DATA on: encrypts the personal values stored in plaintext before the option was
 * turned on, a batch (one transaction) at a time. Idempotent: a sealed value (`enc:v1:`) is never selected
 * again, so an interrupted run continues where it stopped. Returns how many rows it rewrote.
 */
export async function sealPlaintextPersonalData(db: Executor): Promise<number> {
  if (!personalDataOf(db)?.encrypting) return 0
  // The table and column names come from PERSONAL_COLUMNS, not from a request.
  // biome-ignore lint/suspicious/noExplicitAny: one loop over several tables' personal columns
  const loose = db as unknown as Kysely<any>
  let rewritten = 0
  for (const [table, columns] of Object.entries(PERSONAL_COLUMNS)) {
    const keys = KEYS[table] ?? []
    let previous: string | undefined
    for (;;) {
      const rows = await loose
        .selectFrom(table)
        .select([...keys, ...columns])
        .where((eb) =>
          eb.or(columns.map((c) => eb.and([eb(c, 'is not', null), eb(c, 'not like', `${SEALED_VALUE_PREFIX}%`)]))),
        )
        .limit(BATCH)
        .execute()
      if (rows.length === 0) break
      // The same first row twice means the writes did not seal: stop rather than loop for ever.
      const first = JSON.stringify(keys.map((k) => rows[0]?.[k]))
      if (first === previous) throw new Error(`encrypting ${table}: rows stay in plaintext after being rewritten`)
      previous = first
      await loose.transaction().execute(async (trx) => {
        for (const row of rows) {
          let update = trx.updateTable(table).set(Object.fromEntries(columns.map((c) => [c, row[c]])))
          for (const key of keys) update = update.where(key, '=', row[key])
          await update.execute()
        }
      })
      rewritten += rows.length
    }
  }
  return rewritten + (await hashSuppressions(loose))
}

// biome-ignore lint/suspicious/noExplicitAny: shares the loose handle above
async function hashSuppressions(db: Kysely<any>): Promise<number> {
  let rewritten = 0
  for (;;) {
    const rows = await db
      .selectFrom('email_suppressions')
      .selectAll()
      .where('address', 'not like', 'hmac:%')
      .limit(BATCH)
      .execute()
    if (rows.length === 0) return rewritten
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const hash = emailHashFor(trx as unknown as Executor, row.address as string)
        await trx
          .insertInto('email_suppressions')
          .values({ ...row, address: `hmac:${hash}` })
          .onConflict((oc) => oc.column('address').doNothing())
          .execute()
        await trx.deleteFrom('email_suppressions').where('address', '=', row.address).execute()
      }
    })
    rewritten += rows.length
  }
}
