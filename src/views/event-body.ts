import type { EventRow } from '../store/index.js'

/**
 * A stored notification body as text, with base64 beside it when the bytes are not UTF-8
 * (the text alone would no longer verify). Rows from before raw_bytes existed kept text only.
 */
export function storedBody(row: Pick<EventRow, 'raw_body' | 'raw_bytes'>): {
  readonly text: string | null
  readonly base64?: string
} {
  if (!row.raw_bytes) return { text: row.raw_body }
  const bytes = Buffer.from(row.raw_bytes)
  const text = bytes.toString('utf8')
  return Buffer.from(text, 'utf8').equals(bytes) ? { text } : { text, base64: bytes.toString('base64') }
}
