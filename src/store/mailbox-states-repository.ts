import { sql } from 'kysely'
import type { Executor } from './executor.js'

export async function mailboxCursor(db: Executor, mailbox: string) {
  return db.selectFrom('mailbox_states').selectAll().where('mailbox', '=', mailbox).executeTakeFirst()
}

async function ensureMailbox(db: Executor, mailbox: string) {
  await db
    .insertInto('mailbox_states')
    .values({ mailbox, uid_validity: null, last_uid: 0, next_send_at: 0, day: null, sent_today: 0 })
    .onConflict((oc) => oc.column('mailbox').doNothing())
    .execute()
}

export async function setMailboxCursor(db: Executor, mailbox: string, uidValidity: string, lastUid: number) {
  await ensureMailbox(db, mailbox)
  await db
    .updateTable('mailbox_states')
    .set({ uid_validity: uidValidity, last_uid: lastUid })
    .where('mailbox', '=', mailbox)
    .execute()
}

/**
 * Takes the mailbox's next send slot if it is free now and today's limit is not reached (across every
 * worker: the update is conditional). Otherwise says when to look again.
 */
export async function claimMailboxSlot(
  db: Executor,
  mailbox: string,
  options: { readonly now: number; readonly day: string; readonly gapMs: number; readonly dailyLimit: number },
): Promise<{ readonly ok: true } | { readonly ok: false; readonly why: 'gap' | 'daily-limit'; readonly at?: number }> {
  await ensureMailbox(db, mailbox)
  const { now, day, gapMs, dailyLimit } = options
  const result = await db
    .updateTable('mailbox_states')
    .set({
      next_send_at: now + gapMs,
      sent_today: sql`CASE WHEN day = ${day} THEN sent_today + 1 ELSE 1 END`,
      day,
    })
    .where('mailbox', '=', mailbox)
    .where('next_send_at', '<=', now)
    .where((eb) => eb.or([eb('day', 'is', null), eb('day', '!=', day), eb('sent_today', '<', dailyLimit)]))
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 1) return { ok: true }
  const row = await mailboxCursor(db, mailbox)
  if (row && row.next_send_at > now) return { ok: false, why: 'gap', at: Number(row.next_send_at) }
  return { ok: false, why: 'daily-limit' }
}
