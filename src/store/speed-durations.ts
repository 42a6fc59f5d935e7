import { type RawBuilder, sql } from 'kysely'
import type { Executor } from './executor.js'

/**
 * The owner's working time in [start, end) in ms (start ≤ end), as the configured working hours count it; the
 * whole span for a lead without an owner or an owner without hours. Given to the store (`StoreOptions`) by the
 * composition root, so the figures speed-to-lead reads are stored when each event is recorded.
 */
export type BusinessTime = (ownerId: string | null) => (start: number, end: number) => number

/** Business time from submitted to `at`, negative when `at` is earlier (a clock behind LinkedIn's). */
export function businessSinceSubmitted(
  calendar: (start: number, end: number) => number,
  submitted: number,
  at: number,
) {
  return at >= submitted ? calendar(submitted, at) : -calendar(at, submitted)
}

const BATCH = 500

interface Lead {
  readonly id: string
  readonly owner_id: string | null
  readonly submitted_at: number | string
  readonly alerted_at: number | string | null
  readonly acked_at: number | string | null
  readonly contacted_at: number | string | null
  readonly alert_business_ms: number | string | null
  readonly ack_business_ms: number | string | null
  readonly contact_business_ms: number | string | null
}

const TIMES = ['alerted_at', 'acked_at', 'contacted_at'] as const
const FIGURES = ['alert_business_ms', 'ack_business_ms', 'contact_business_ms'] as const
const num = (value: number | string | null) => (value === null ? null : Number(value))

/** `+alert,+ack,+contact,alertB,ackB,contactB`: what the report reads per lead (see report-speed-durations.ts). */
export function speedRecord(submitted: number, times: readonly (number | null)[], figures: readonly (number | null)[]) {
  return [...times.map((at) => (at === null ? '' : String(at - submitted))), ...figures.map((f) => f ?? '')].join(',')
}

/**
 * Stores the business-hours figures (migration 2026-12-03-13) that are missing, and the lead's speed record: for
 * `leadIds` (the leads an event was just recorded for, in the caller's transaction), or for every lead (`leadIds`
 * left out: at start, in batches of 500 by id, each its own statement so the webhook's commits are never held up
 * behind it). A figure is written only if the time it measures is still the one it was computed from, the record
 * only if all three are. Returns the leads written.
 */
export async function fillSpeedDurations(
  db: Executor,
  businessTime: BusinessTime,
  leadIds?: readonly string[],
): Promise<number> {
  if (leadIds?.length === 0) return 0
  let written = 0
  let after: string | null = null
  for (;;) {
    const scope: RawBuilder<unknown> = leadIds
      ? sql`leads.id IN (${sql.join(leadIds)})`
      : after === null
        ? sql`1 = 1`
        : sql`leads.id > ${after}`
    const rows: Lead[] = (
      await sql<Lead>`SELECT id, owner_id, submitted_at, ${sql.join(TIMES.map((t) => sql.ref(t)))},
          ${sql.join(FIGURES.map((f) => sql.ref(f)))}
        FROM leads WHERE ${scope} AND leads.submitted_at IS NOT NULL AND leads.speed_record IS NULL
        ORDER BY leads.id ${leadIds ? sql`` : sql`LIMIT ${BATCH}`}`.execute(db)
    ).rows
    if (rows.length === 0) return written
    const values = rows.map((row) => {
      const calendar = businessTime(row.owner_id)
      const submitted = Number(row.submitted_at)
      const times = TIMES.map((t) => num(row[t]))
      const figures = FIGURES.map((f, i) => {
        const at = times[i] as number | null
        return at === null ? null : (num(row[f]) ?? businessSinceSubmitted(calendar, submitted, at))
      })
      const cells = [submitted, ...times, ...figures].map((cell) => sql`CAST(${cell} AS bigint)`)
      return sql`(${sql.join([row.id, ...cells, speedRecord(submitted, times, figures)])})`
    })
    // A statement in between may have moved a time: the trigger then forgot its figure and the record, and the
    // next fill computes them again. The join is on the id alone: with submitted_at in it too, SQLite scanned
    // every lead for each batch (the whole fill of 100,000 leads took 16 s instead of 2).
    const same = (time: string) =>
      sql`leads.submitted_at = v.submitted_at
        AND (leads.${sql.raw(time)} = v.${sql.raw(time)} OR (leads.${sql.raw(time)} IS NULL AND v.${sql.raw(time)} IS NULL))`
    const set = (time: string, figure: string) =>
      sql`${sql.raw(figure)} = CASE WHEN ${same(time)} THEN v.${sql.raw(figure)} ELSE leads.${sql.raw(figure)} END`
    await sql`WITH v(id, submitted_at, alerted_at, acked_at, contacted_at, alert_business_ms, ack_business_ms,
        contact_business_ms, speed_record) AS (VALUES ${sql.join(values)})
      UPDATE leads SET ${sql.join([
        ...TIMES.map((time, i) => set(time, FIGURES[i] as string)),
        sql`speed_record = CASE WHEN ${sql.join(TIMES.map(same), sql` AND `)} THEN v.speed_record END`,
      ])}
      FROM v WHERE leads.id = v.id`.execute(db)
    written += rows.length
    if (leadIds) return written
    after = (rows[rows.length - 1] as Lead).id
  }
}

/**
 * After an alert, acknowledgement or contact was recorded for these leads, in the same transaction: stores the
 * business-hours figures it needs, with the owner's hours as configured now. A store without hours stores none
 * (the report computes them at request time).
 */
export async function recordSpeedDurations(
  db: Executor,
  store: { readonly businessTime?: BusinessTime | undefined },
  leadIds: readonly string[],
): Promise<void> {
  if (store.businessTime) await fillSpeedDurations(db, store.businessTime, leadIds)
}
