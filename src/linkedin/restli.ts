/**
 * Rest.li 2.0 query encoding (LinkedIn Protocol Version, learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version (Rest.li 2.0)). Records and lists keep their `(`, `)`, `:` and `,`
 * literal; the values inside are percent-encoded, parentheses included. Build query strings with these
 * functions, never with URLSearchParams, which would encode the structure too.
 */
export type RestliValue = string | number | boolean | readonly RestliValue[] | { readonly [key: string]: RestliValue }

/** A resource key or bare value: everything reserved is encoded, `(`, `)`, `,` and `:` included. */
export function encodeRestliKey(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** `{ sponsoredAccount: 'urn:li:sponsoredAccount:1' }` → `(sponsoredAccount:urn%3Ali%3AsponsoredAccount%3A1)` */
export function encodeRestliValue(value: RestliValue): string {
  if (Array.isArray(value)) return `List(${value.map(encodeRestliValue).join(',')})`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, RestliValue>)
    return `(${entries.map(([key, inner]) => `${encodeRestliKey(key)}:${encodeRestliValue(inner)}`).join(',')})`
  }
  return encodeRestliKey(String(value))
}

/**
 * `[['q', 'owner'], ['owner', { … }]]` → `q=owner&owner=(…)`. Values given as `{ raw }` go out exactly as
 * written (a `fields` projection such as `id,form:(name,content)`).
 */
export function restliQuery(
  params: readonly (readonly [string, RestliValue | { readonly raw: string } | undefined])[],
): string {
  return params
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const raw = isRaw(value) ? value.raw : encodeRestliValue(value as RestliValue)
      return `${encodeRestliKey(key)}=${raw}`
    })
    .join('&')
}

function isRaw(value: unknown): value is { readonly raw: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    'raw' in value &&
    Object.keys(value).length === 1
  )
}
