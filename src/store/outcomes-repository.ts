import { sql } from 'kysely'
import type { LeadRow } from './database.js'
import type { Executor } from './executor.js'

export type OutcomeState = Pick<
  LeadRow,
  | 'id'
  | 'status'
  | 'test'
  | 'outcome'
  | 'outcome_at'
  | 'outcome_by'
  | 'disqualify_reason'
  | 'won_amount'
  | 'won_currency'
  | 'contacted_at'
  | 'qualified_at'
>

/** The lead's outcome columns, locked for the rest of the transaction where the dialect has row locks. */
export async function getOutcomeState(db: Executor, leadId: string, lock: boolean): Promise<OutcomeState | undefined> {
  let query = db
    .selectFrom('leads')
    .select([
      'id',
      'status',
      'test',
      'outcome',
      'outcome_at',
      'outcome_by',
      'disqualify_reason',
      'won_amount',
      'won_currency',
      'contacted_at',
      'qualified_at',
    ])
    .where('id', '=', leadId)
  if (lock) query = query.forUpdate()
  return query.executeTakeFirst()
}

/** Keeps the earlier of the stored time and `at`: firsts never move later. */
const earliest = (column: 'contacted_at' | 'qualified_at', at: number) =>
  sql<number>`CASE WHEN ${sql.ref(column)} IS NULL OR ${sql.ref(column)} > ${at} THEN ${at} ELSE ${sql.ref(column)} END`

export async function writeOutcome(
  db: Executor,
  leadId: string,
  change: {
    readonly stage: string
    readonly at: number
    readonly by: string
    readonly reason: string | null
    readonly amount: number | null
    readonly currency: string | null
    readonly contact: boolean
    readonly qualified: boolean
  },
): Promise<void> {
  await db
    .updateTable('leads')
    .set({
      outcome: change.stage,
      outcome_at: change.at,
      outcome_by: change.by,
      disqualify_reason: change.reason,
      won_amount: change.amount,
      won_currency: change.currency,
      updated_at: change.at,
      ...(change.contact ? { contacted_at: earliest('contacted_at', change.at) } : {}),
      ...(change.qualified ? { qualified_at: earliest('qualified_at', change.at) } : {}),
    })
    .where('id', '=', leadId)
    .execute()
}

/**
 * Records a contact that is not an outcome (a follow-up e-mail the owner sent, an engagement seen in the CRM).
 * True when it became the lead's first contact.
 */
export async function recordFirstContact(db: Executor, leadId: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('leads')
    .set({ contacted_at: at })
    .where('id', '=', leadId)
    .where((eb) => eb.or([eb('contacted_at', 'is', null), eb('contacted_at', '>', at)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** The first sales alert of each lead was delivered at `at`, unless an earlier one was. */
export async function recordAlerted(db: Executor, leadIds: readonly string[], at: number): Promise<void> {
  if (leadIds.length === 0) return
  await db
    .updateTable('leads')
    .set({ alerted_at: at })
    .where('id', 'in', leadIds)
    .where((eb) => eb.or([eb('alerted_at', 'is', null), eb('alerted_at', '>', at)]))
    .execute()
}

/**
 * Leads a CRM channel created a record for (a delivered new-lead with the record id) and that can still move:
 * not deleted, not won or lost, submitted since `since`. Oldest first, at most `limit`.
 */
export async function syncedRecords(
  db: Executor,
  channel: string,
  options: { readonly since: number; readonly limit: number },
) {
  return db
    .selectFrom('deliveries')
    .innerJoin('leads', 'leads.id', 'deliveries.lead_id')
    .select(['deliveries.lead_id as leadId', 'deliveries.external_id as externalId', 'leads.outcome as outcome'])
    .where('deliveries.channel', '=', channel)
    .where('deliveries.kind', '=', 'new-lead')
    .where('deliveries.state', '=', 'delivered')
    .where('deliveries.external_id', 'is not', null)
    .where('leads.status', '!=', 'deleted')
    .where((eb) => eb.or([eb('leads.outcome', 'is', null), eb('leads.outcome', 'not in', ['won', 'lost'])]))
    .where('leads.submitted_at', '>=', options.since)
    .orderBy('deliveries.id')
    .limit(options.limit)
    .execute() as Promise<{ leadId: string; externalId: string; outcome: string | null }[]>
}
