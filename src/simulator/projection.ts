import { RestliSyntaxError } from './restli.js'

/** A Rest.li field projection: `id,owner,form:(id,content)` → { id: true, owner: true, form: { … } }. */
export type Projection = { readonly [field: string]: true | Projection }

export function parseProjection(text: string): Projection {
  let at = 0
  const fail = (why: string): never => {
    throw new RestliSyntaxError(`fields: ${why} at position ${at} of "${text}"`)
  }
  const list = (nested: boolean): Projection => {
    const result: Record<string, true | Projection> = {}
    for (;;) {
      const from = at
      while (at < text.length && /[A-Za-z0-9_$]/.test(text[at] as string)) at++
      const name = text.slice(from, at)
      if (name === '') fail('expected a field name')
      if (text[at] === ':') {
        at++
        if (text[at] !== '(') fail('expected "(" after ":"')
        at++
        result[name] = list(true)
        if (text[at] !== ')') fail('expected ")"')
        at++
      } else {
        result[name] = true
      }
      if (text[at] === ',') {
        at++
        continue
      }
      if (nested ? text[at] === ')' : at === text.length) return result
      fail(`unexpected "${text[at] ?? 'end'}"`)
    }
  }
  return list(false)
}

/** Keeps only projected fields; a nested projection applies to objects and to each element of arrays. */
export function project(value: unknown, projection: Projection): unknown {
  if (Array.isArray(value)) return value.map((item) => project(item, projection))
  if (value === null || typeof value !== 'object') return value
  const source = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [field, sub] of Object.entries(projection)) {
    if (!Object.hasOwn(source, field)) continue
    out[field] = sub === true ? source[field] : project(source[field], sub)
  }
  return out
}
