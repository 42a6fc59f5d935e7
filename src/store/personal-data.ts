import {
  ColumnNode,
  ColumnUpdateNode,
  InsertQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  TableNode,
  type UnknownRow,
  UpdateQueryNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
} from 'kysely'
import type { ValueCipher } from '../util/index.js'
import type { Executor } from './executor.js'

/**
 * The columns holding a lead's personal values, per table: encrypted on every write when
 * ENCRYPT_PERSONAL_DATA is on. Forms, routing, timeline and deliveries hold ids and reasons only.
 */
export const PERSONAL_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  leads: ['fields', 'custom_answers', 'consents', 'hidden_fields', 'raw_response', 'search_text'],
  sequence_enrolments: ['lead_email'],
  sequence_steps: ['subject', 'body'],
  sequence_replies: ['from_address', 'subject', 'snippet'],
}

const READ_COLUMNS = new Set(Object.values(PERSONAL_COLUMNS).flat())

/** The keyed-hash column written beside an encrypted one, and how its input is found. */
const HASHED: Readonly<
  Record<string, { readonly from: string; readonly to: string; readonly email: (v: string) => string | null }>
> = {
  leads: { from: 'fields', to: 'email_hash', email: emailOfFields },
  sequence_enrolments: { from: 'lead_email', to: 'lead_email_hash', email: (v) => v },
}

function emailOfFields(json: string): string | null {
  const fields = JSON.parse(json) as Record<string, string | null>
  return fields.workEmail ?? fields.email ?? null
}

/** Exact e-mail lookups compare this: trimmed and lower-cased, so case and spaces never split a match. */
export const normalizeEmailKey = (email: string) => email.trim().toLowerCase()

/**
 * Encrypts personal columns on their way in and opens them on their way out, for every repository at once:
 * a write path added later cannot forget it. Installed on the store's Kysely instance (transactions inherit
 * it). Reading opens any `enc:v1:` value in a personal column, so rows sealed earlier still read.
 */
export class PersonalDataPlugin implements KyselyPlugin {
  readonly cipher: ValueCipher
  /** False: reads open sealed values, writes stay plain (LEADRELAY_SECRET_KEY set, the option off). */
  readonly encrypting: boolean

  constructor(cipher: ValueCipher, encrypting: boolean) {
    this.cipher = cipher
    this.encrypting = encrypting
  }

  /** The keyed hash stored for an e-mail address (HMAC-SHA256 over the trimmed, lower-cased address). */
  emailHash(email: string): string {
    return this.cipher.keyedHash(normalizeEmailKey(email))
  }

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (!this.encrypting) return node
    if (InsertQueryNode.is(node)) return this.insert(node)
    if (UpdateQueryNode.is(node)) return this.update(node)
    return node
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const row of result.rows) {
      for (const key in row) {
        const value = row[key]
        if (typeof value === 'string' && READ_COLUMNS.has(key) && this.cipher.isSealed(value))
          row[key] = this.cipher.open(value)
      }
    }
    return result
  }

  private seal(value: unknown): unknown {
    return typeof value === 'string' && !this.cipher.isSealed(value) ? this.cipher.seal(value) : value
  }

  private hashOf(table: string, value: unknown): string | null {
    const hashed = HASHED[table]
    if (!hashed || typeof value !== 'string') return null
    const email = hashed.email(this.cipher.isSealed(value) ? this.cipher.open(value) : value)
    return email ? this.emailHash(email) : null
  }

  private insert(node: InsertQueryNode): InsertQueryNode {
    const table = node.into?.table.identifier.name ?? ''
    const personal = PERSONAL_COLUMNS[table]
    if (!personal || !node.columns || !node.values || !ValuesNode.is(node.values)) return node
    const names = node.columns.map((c) => c.column.name)
    const hashed = HASHED[table]
    const hashFrom = hashed && !names.includes(hashed.to) ? names.indexOf(hashed.from) : -1
    const rows = node.values.values.map((list) => {
      if (PrimitiveValueListNode.is(list)) {
        const values = list.values.map((v, i) => (personal.includes(names[i]!) ? this.seal(v) : v))
        if (hashFrom >= 0) values.push(this.hashOf(table, list.values[hashFrom]))
        return PrimitiveValueListNode.create(values)
      }
      const values: OperationNode[] = list.values.map((v, i) =>
        personal.includes(names[i]!) && ValueNode.is(v) ? ValueNode.create(this.seal(v.value)) : v,
      )
      const source = list.values[hashFrom]
      if (hashFrom >= 0)
        values.push(ValueNode.create(source && ValueNode.is(source) ? this.hashOf(table, source.value) : null))
      return ValueListNode.create(values)
    })
    const columns = hashFrom >= 0 && hashed ? [...node.columns, ColumnNode.create(hashed.to)] : node.columns
    return { ...node, columns, values: ValuesNode.create(rows) }
  }

  private update(node: UpdateQueryNode): UpdateQueryNode {
    const table = node.table && TableNode.is(node.table) ? node.table.table.identifier.name : ''
    const personal = PERSONAL_COLUMNS[table]
    if (!personal || !node.updates) return node
    const nameOf = (u: ColumnUpdateNode) => (ColumnNode.is(u.column) ? u.column.column.name : '')
    // A query that sets the hash itself (an erasure setting it null) keeps its own value.
    const hashed = node.updates.some((u) => nameOf(u) === HASHED[table]?.to) ? undefined : HASHED[table]
    const extra: ColumnUpdateNode[] = []
    const updates = node.updates.map((u) => {
      const name = nameOf(u)
      if (!personal.includes(name) || !ValueNode.is(u.value)) return u
      if (hashed?.from === name)
        extra.push(
          ColumnUpdateNode.create(ColumnNode.create(hashed.to), ValueNode.create(this.hashOf(table, u.value.value))),
        )
      return ColumnUpdateNode.create(u.column, ValueNode.create(this.seal(u.value.value)))
    })
    return { ...node, updates: [...updates, ...extra] }
  }
}

/**
 * The plugin of the store this executor (the store's Kysely or one of its transactions) belongs to.
 * Kysely keeps a query's plugins on its executor, so repositories find it without another argument.
 */
export function personalDataOf(db: Executor): PersonalDataPlugin | undefined {
  return db.getExecutor().plugins.find((p): p is PersonalDataPlugin => p instanceof PersonalDataPlugin)
}

/** The keyed hash to match for an exact e-mail lookup, when personal data is encrypted here. */
export function emailHashFor(db: Executor, email: string): string | undefined {
  const plugin = personalDataOf(db)
  return plugin?.encrypting ? plugin.emailHash(email) : undefined
}
