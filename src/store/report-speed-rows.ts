import { sql } from 'kysely'
import type { Executor } from './executor.js'
import { groupKey, inRange, type ReportGroupColumn, type ReportRange } from './report-scope.js'
import type { Dialect } from './store.js'

/**
 * Every lead in the range, column by column. `keys` and `owners` are the distinct group keys and owner ids, and
 * `keyOf[i]` / `ownerOf[i]` index into them; times are epoch ms, NaN where the lead has no such time.
 */
export interface SpeedLeads {
  readonly leads: number
  readonly keys: readonly (string | null)[]
  readonly owners: readonly (string | null)[]
  readonly keyOf: Int32Array
  readonly ownerOf: Int32Array
  readonly submittedAt: Float64Array
  readonly alertedAt: Float64Array
  readonly ackedAt: Float64Array
  readonly contactedAt: Float64Array
}

const COMMA = 44
const SEMICOLON = 59
const COLON = 58
const MINUS = 45
const NULL_MARK = 126 // ~

/**
 * Speed-to-lead needs every lead's four times, but reading 100,000 rows cost 0.25–0.9 s in better-sqlite3 and
 * Kysely (an object and four heap numbers per row, then the garbage collector) against 15 ms for SQLite to walk
 * the index, and a GROUP BY in SQL doubled the query (SQLite sorts every row for it). So the database packs
 * all leads into one text, `key,owner,submitted,+alert,+ack,+contact;…`, with times as offsets from submitted
 * (empty when missing) and text as `<length>:<text>` (`~` for null), and this reads it in one pass.
 */
function unpack(packed: string, leads: number): SpeedLeads {
  const keys: (string | null)[] = []
  const owners: (string | null)[] = []
  const keyIndex = new Map<string | null, number>()
  const ownerIndex = new Map<string | null, number>()
  const keyOf = new Int32Array(leads)
  const ownerOf = new Int32Array(leads)
  const times = [new Float64Array(leads), new Float64Array(leads), new Float64Array(leads), new Float64Array(leads)]
  const [submittedAt, alertedAt, ackedAt, contactedAt] = times as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ]
  let i = 0
  const fail = (what: string): never => {
    throw new Error(`speed-to-lead: ${what} at ${i} of the packed leads`)
  }
  const readText = (): string | null => {
    if (packed.charCodeAt(i) === NULL_MARK) {
      i += 2
      return null
    }
    let length = 0
    for (let c = packed.charCodeAt(i); c !== COLON; c = packed.charCodeAt(++i)) {
      if (c < 48 || c > 57) fail('a bad text length')
      length = length * 10 + (c - 48)
    }
    const start = ++i
    // SQL counts characters (code points); a character outside the BMP is two UTF-16 units here.
    for (let n = 0; n < length; n++) {
      const c = packed.charCodeAt(i)
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1
    }
    const text = packed.slice(start, i)
    i++
    return text
  }
  const intern = (value: string | null, index: Map<string | null, number>, list: (string | null)[]) => {
    let at = index.get(value)
    if (at === undefined) {
      at = list.length
      list.push(value)
      index.set(value, at)
    }
    return at
  }
  let lead = 0
  for (; i < packed.length && lead < leads; lead++) {
    keyOf[lead] = intern(readText(), keyIndex, keys)
    ownerOf[lead] = intern(readText(), ownerIndex, owners)
    let submitted = 0
    for (let field = 0; field < 4; field++) {
      let value = 0
      let digits = 0
      let negative = false
      for (
        let c = packed.charCodeAt(i);
        i < packed.length && c !== COMMA && c !== SEMICOLON;
        c = packed.charCodeAt(++i)
      ) {
        if (c === MINUS) negative = true
        else if (c >= 48 && c <= 57) {
          value = value * 10 + (c - 48)
          digits++
        } else fail('an unexpected character')
      }
      i++
      if (negative) value = -value
      if (field === 0) submitted = value
      ;(times[field] as Float64Array)[lead] = field === 0 ? value : digits === 0 ? Number.NaN : submitted + value
    }
  }
  if (lead !== leads || i < packed.length) fail(`${lead} leads of ${leads}`)
  return { leads, keys, owners, keyOf, ownerOf, submittedAt, alertedAt, ackedAt, contactedAt }
}

/** The four times speed-to-lead measures, the group key and the owner of every lead in the range. */
export async function speedLeads(
  db: Executor,
  dialect: Dialect,
  range: ReportRange,
  by: ReportGroupColumn,
): Promise<SpeedLeads> {
  const pg = dialect === 'postgres'
  const textOf = (value: ReturnType<typeof sql>) =>
    pg
      ? sql`coalesce(length(${value}::text)::text || ':' || ${value}::text, '~')`
      : sql`coalesce(length(${value}) || ':' || ${value}, '~')`
  const offset = (column: 'alerted_at' | 'acked_at' | 'contacted_at') =>
    pg
      ? sql`coalesce((${sql.ref(`leads.${column}`)} - leads.submitted_at)::text, '')`
      : sql`coalesce(${sql.ref(`leads.${column}`)} - leads.submitted_at, '')`
  const record = sql`${textOf(groupKey(by))} || ',' || ${textOf(sql`leads.owner_id`)} || ',' || ${
    pg ? sql`leads.submitted_at::text` : sql`leads.submitted_at`
  } || ',' || ${offset('alerted_at')} || ',' || ${offset('acked_at')} || ',' || ${offset('contacted_at')}`
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
