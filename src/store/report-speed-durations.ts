import { type RawBuilder, sql } from 'kysely'
import type { Executor } from './executor.js'
import { groupKey, inRange, type ReportGroupColumn, type ReportRange } from './report-scope.js'
import type { Dialect } from './store.js'

/**
 * Every lead in the range, column by column, as speed-to-lead needs it: `keyOf[i]` indexes `keys`; the times are
 * ms from submitted to the event (NaN when there was none), the business figures the stored working time from
 * submitted to it (NaN when none is stored). Only a lead with an event but without its stored figure has
 * `ownerOf[i] >= 0` (into `owners`) and its `submittedAt`, so that the report can compute the figure itself.
 */
export interface SpeedDurations {
  readonly leads: number
  readonly keys: readonly (string | null)[]
  readonly keyOf: Int32Array
  readonly alert: Float64Array
  readonly ack: Float64Array
  readonly contact: Float64Array
  readonly alertBusiness: Float64Array
  readonly ackBusiness: Float64Array
  readonly contactBusiness: Float64Array
  readonly owners: readonly (string | null)[]
  readonly ownerOf: Int32Array
  readonly submittedAt: Float64Array
}

const COMMA = 44
const SEMICOLON = 59
const COLON = 58
const MINUS = 45
const NULL_MARK = 126 // ~

/** Where `length` characters (code points) of text starting at `at` end, in UTF-16 units. */
function textEnd(packed: string, at: number, length: number): number {
  let i = at
  // SQL counts characters (code points); a character outside the BMP is two UTF-16 units here.
  for (let n = 0; n < length; n++) {
    const c = packed.charCodeAt(i)
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1
  }
  return i
}

/**
 * One pass over `key,+alert,+ack,+contact,alertBusiness,ackBusiness,contactBusiness[,owner,submitted];…` (see
 * `speedDurations`): numbers in decimal (empty when missing), text as `<length>:<text>` (`~` for null). The loop
 * keeps its position in a local, not in a variable its helpers share (that cost a quarter of its time).
 */
function unpack(packed: string, leads: number): SpeedDurations {
  const keys: (string | null)[] = []
  const keyIndex = new Map<string, number>()
  let nullKey = -1
  const owners: (string | null)[] = []
  const ownerIndex = new Map<string | null, number>()
  const keyOf = new Int32Array(leads)
  const ownerOf = new Int32Array(leads).fill(-1)
  const submittedAt = new Float64Array(leads).fill(Number.NaN)
  const fields = Array.from({ length: 6 }, () => new Float64Array(leads))
  const end = packed.length
  let i = 0
  const fail = (what: string): never => {
    throw new Error(`speed-to-lead: ${what} at ${i} of the packed leads`)
  }
  let lead = 0
  for (; i < end && lead < leads; lead++) {
    if (packed.charCodeAt(i) === NULL_MARK) {
      if (nullKey < 0) {
        nullKey = keys.length
        keys.push(null)
      }
      keyOf[lead] = nullKey
      i += 2
    } else {
      let length = 0
      for (let c = packed.charCodeAt(i); c !== COLON; c = packed.charCodeAt(++i)) {
        if (c < 48 || c > 57) fail('a bad text length')
        length = length * 10 + (c - 48)
      }
      const start = ++i
      i = textEnd(packed, start, length)
      const key = packed.slice(start, i)
      let found = keyIndex.get(key)
      if (found === undefined) {
        found = keys.length
        keys.push(key)
        keyIndex.set(key, found)
      }
      keyOf[lead] = found
      i++
    }
    let separator = 0
    for (let f = 0; f < 6; f++) {
      let value = 0
      let digits = 0
      let negative = false
      let c = packed.charCodeAt(i)
      for (; i < end && c !== COMMA && c !== SEMICOLON; c = packed.charCodeAt(++i)) {
        if (c >= 48 && c <= 57) {
          value = value * 10 + (c - 48)
          digits++
        } else if (c === MINUS) negative = true
        else fail('an unexpected character')
      }
      separator = c
      i++
      ;(fields[f] as Float64Array)[lead] = digits === 0 ? Number.NaN : negative ? -value : value
    }
    // A comma after the last figure: the owner and submitted time of a lead that lacks a stored figure follow.
    if (separator === COMMA) {
      let owner: string | null = null
      if (packed.charCodeAt(i) === NULL_MARK) i += 2
      else {
        const colon = packed.indexOf(':', i)
        const start = colon + 1
        i = textEnd(packed, start, Number(packed.slice(i, colon)))
        owner = packed.slice(start, i)
        i++
      }
      let at = ownerIndex.get(owner)
      if (at === undefined) {
        at = owners.length
        owners.push(owner)
        ownerIndex.set(owner, at)
      }
      ownerOf[lead] = at
      const stop = packed.indexOf(';', i)
      const next = stop < 0 ? end : stop
      submittedAt[lead] = Number(packed.slice(i, next))
      i = next + 1
    }
  }
  if (lead !== leads || i < end) fail(`${lead} leads of ${leads}`)
  const [alert, ack, contact, alertBusiness, ackBusiness, contactBusiness] = fields as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ]
  return {
    leads,
    keys,
    keyOf,
    alert,
    ack,
    contact,
    alertBusiness,
    ackBusiness,
    contactBusiness,
    owners,
    ownerOf,
    submittedAt,
  }
}

/**
 * Speed-to-lead's durations of every lead in the range, packed by the database into one text (reading 100,000
 * rows as objects cost 0.25–0.9 s; see report-speed-rows.ts). Since migration 2026-12-03-13 each lead's part is
 * stored (`speed_record`, in the report index): the query only joins them, 30 ms where building them took 105.
 */
export async function speedDurations(
  db: Executor,
  dialect: Dialect,
  range: ReportRange,
  by: ReportGroupColumn,
): Promise<SpeedDurations> {
  const pg = dialect === 'postgres'
  const asText = (value: RawBuilder<unknown>) => (pg ? sql`${value}::text` : value)
  const textOf = (value: RawBuilder<unknown>) =>
    sql`coalesce(length(${asText(value)})${pg ? sql`::text` : sql``} || ':' || ${asText(value)}, '~')`
  const number = (value: RawBuilder<unknown>) => sql`coalesce(${asText(value)}, '')`
  const since = (column: string) => number(sql`(${sql.ref(`leads.${column}`)} - leads.submitted_at)`)
  // The stored record (see speed-durations.ts); a lead without one (a figure missing) sends its times, no figures,
  // and its owner and submitted time, for the report to compute the figures.
  const record = sql`${textOf(groupKey(by))} || ',' || coalesce(leads.speed_record, concat_ws(',', ${sql.join([
    since('alerted_at'),
    since('acked_at'),
    since('contacted_at'),
    sql`''`,
    sql`''`,
    sql`''`,
    textOf(sql`leads.owner_id`),
    asText(sql`leads.submitted_at`),
  ])}))`
  const row = await inRange(db, range)
    .select((eb) => [
      eb.fn.countAll<number>().as('leads'),
      (pg ? sql<string | null>`string_agg(${record}, ';')` : sql<string | null>`group_concat(${record}, ';')`).as(
        'packed',
      ),
    ])
    .executeTakeFirstOrThrow()
  return unpack(row.packed ?? '', Number(row.leads))
}
