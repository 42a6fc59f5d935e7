// Phase G's database: a fresh schema in the PostgreSQL the bench was given (BENCH_DATABASE_URL), so nothing
// already there is read or changed; LeadRelay reaches it through the URL's search_path. Dropped afterwards.
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export interface BenchSchema {
  /** The given URL with `options=-c search_path=<schema>`: what LeadRelay is started with. */
  readonly url: string
  readonly schema: string
  /** The `lead_id` of every stored event, and jobs by state: the durability check. */
  storedLeadIds(): Promise<Set<string>>
  countBy(sql: string): Promise<Record<string, number>>
  drop(): Promise<void>
}

export async function createBenchSchema(url: string, name: string): Promise<BenchSchema> {
  const schema = `leadrelay_bench_${name}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  const withSchema = new URL(url)
  withSchema.searchParams.set('options', `-c search_path=${schema}`)
  return {
    url: withSchema.toString(),
    schema,
    async storedLeadIds() {
      const { rows } = await admin.query<{ lead_id: string }>(`SELECT lead_id FROM ${schema}.events`)
      return new Set(rows.map((row) => row.lead_id))
    },
    async countBy(sql: string) {
      const { rows } = await admin.query<{ k: string; n: string }>(sql.replaceAll('{schema}', schema))
      return Object.fromEntries(rows.map((row) => [row.k, Number(row.n)]))
    },
    async drop() {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await admin.end()
    },
  }
}
