/** Reads at most `maxBytes` of a vendor's answer: error bodies are quoted in reasons, never stored whole. */
export async function readLimited(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  while (size < maxBytes) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.byteLength
  }
  if (size >= maxBytes) await reader.cancel().catch(() => {})
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8')
}

/**
 * Removes the given values, e-mail addresses and phone-like digit runs from a vendor message: CRMs echo
 * the values they refused, and reasons end up in dead letters and logs.
 */
export function redact(text: string, values: readonly string[]): string {
  let out = text
  for (const value of [...values].filter((v) => v.trim().length >= 2).sort((a, b) => b.length - a.length)) {
    out = out.split(value).join('[redacted]')
  }
  return out
    .replace(/[^\s"'<>,;:()[\]{}]+@[^\s"'<>,;:()[\]{}]+/g, '[redacted]')
    .replace(/\+?\d[\d ().-]{6,}\d/g, '[redacted]')
}
