/**
 * Rest.li 2.0 query decoding (LinkedIn Protocol Version, learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version (Rest.li 2.0)). Structure characters `(`, `)`, `,` and `:` are
 * literal; everything inside a value is percent-encoded. A URN sent with literal colons or a record sent
 * with encoded parentheses is what a careless client produces, so both are rejected here as LinkedIn does.
 */
export type RestliValue = string | RestliRecord | readonly RestliValue[]
export interface RestliRecord {
  readonly [key: string]: RestliValue
}

export class RestliSyntaxError extends Error {
  override readonly name = 'RestliSyntaxError'
}

const STRUCTURAL = new Set(['(', ')', ',', ':'])

export function decodeRestliValue(raw: string): RestliValue {
  let at = 0
  const fail = (why: string): never => {
    throw new RestliSyntaxError(`${why} at position ${at} of "${raw}"`)
  }
  const scalar = (): string => {
    const from = at
    while (at < raw.length && !STRUCTURAL.has(raw[at] as string)) at++
    try {
      return decodeURIComponent(raw.slice(from, at))
    } catch {
      return fail('invalid percent-encoding')
    }
  }
  const expect = (char: string) => {
    if (raw[at] !== char) fail(`expected "${char}" (reserved characters inside values must be percent-encoded)`)
    at++
  }
  const value = (): RestliValue => {
    if (raw.startsWith('List(', at)) {
      at += 'List('.length
      const items: RestliValue[] = []
      while (raw[at] !== ')') {
        items.push(value())
        if (raw[at] !== ',') break
        at++
        if (raw[at] === ')') fail('trailing ","')
      }
      expect(')')
      return items
    }
    if (raw[at] === '(') {
      at++
      const record: Record<string, RestliValue> = {}
      while (raw[at] !== ')') {
        const key = scalar()
        if (key === '') fail('empty field name')
        if (Object.hasOwn(record, key)) fail(`duplicate field "${key}"`)
        expect(':')
        record[key] = value()
        if (raw[at] !== ',') break
        at++
        if (raw[at] === ')') fail('trailing ","')
      }
      expect(')')
      return record
    }
    return scalar()
  }
  const result = value()
  if (at !== raw.length) fail(`unexpected "${raw[at]}" (reserved characters must be percent-encoded)`)
  return result
}

/** Splits a raw query string into parameters whose values are still encoded; `fields` keeps its own syntax. */
export function splitQuery(rawQuery: string): Map<string, string> {
  const params = new Map<string, string>()
  if (rawQuery === '') return params
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    let name: string
    try {
      name = decodeURIComponent(eq === -1 ? pair : pair.slice(0, eq))
    } catch {
      throw new RestliSyntaxError(`invalid percent-encoding in parameter name "${pair}"`)
    }
    if (params.has(name)) throw new RestliSyntaxError(`parameter "${name}" is given more than once`)
    params.set(name, eq === -1 ? '' : pair.slice(eq + 1))
  }
  return params
}

/** Typed reads over decoded parameters; every mismatch is a RestliSyntaxError that becomes a 400. */
export function createParams(rawQuery: string) {
  const raw = splitQuery(rawQuery)
  const decoded = (name: string) => {
    const text = raw.get(name)
    return text === undefined ? undefined : decodeRestliValue(text)
  }
  function string(name: string): string | undefined {
    const value = decoded(name)
    if (value !== undefined && typeof value !== 'string') {
      throw new RestliSyntaxError(`parameter "${name}" must be a single value, not a record or list`)
    }
    return value
  }
  function record(name: string): RestliRecord | undefined {
    const value = decoded(name)
    if (value === undefined) return undefined
    if (typeof value === 'string' || Array.isArray(value)) {
      throw new RestliSyntaxError(`parameter "${name}" must be a Rest.li record such as (key:value)`)
    }
    return value as RestliRecord
  }
  function integer(name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
    const text = string(name)
    if (text === undefined) return fallback
    if (!/^\d+$/.test(text) || Number(text) > max) {
      throw new RestliSyntaxError(`parameter "${name}" must be an integer from 0 to ${max}`)
    }
    return Number(text)
  }
  function boolean(name: string): boolean | undefined {
    const text = string(name)
    if (text === undefined) return undefined
    if (text !== 'true' && text !== 'false') throw new RestliSyntaxError(`parameter "${name}" must be true or false`)
    return text === 'true'
  }
  /** The raw projection text, decoded once: clients differ in whether they encode its parentheses. */
  function fields(): string | undefined {
    const text = raw.get('fields')
    if (text === undefined) return undefined
    try {
      return decodeURIComponent(text)
    } catch {
      throw new RestliSyntaxError('invalid percent-encoding in "fields"')
    }
  }
  return { has: (name: string) => raw.has(name), string, record, integer, boolean, fields }
}
export type RestliParams = ReturnType<typeof createParams>
