// C0 and C1 control characters (CR, LF, TAB, ESC, BEL, NUL…) and the bidirectional overrides that make
// text read in another order than it is stored.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_TEST = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

export function hasControlCharacters(text: string): boolean {
  return CONTROL_TEST.test(text)
}

/** One line of plain text: control characters become spaces, whitespace runs collapse, ends trimmed. */
export function cleanText(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim()
}

/** Text safe to print on a terminal: control characters shown as \u escapes, never interpreted. */
export function escapeForTerminal(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

// A scheme, or a dotted host name with a known-looking top-level label: what Slack and Teams auto-link.
const LINK_LIKE = /\b(?:[a-z][a-z0-9+.-]*:\/\/\S*|(?:[a-z0-9-]+\.)+[a-z]{2,}\b\S*)/gi

/**
 * Breaks what chat clients would turn into a link (`https://x.example/a` → `hxxps[:]//x[.]example/a`),
 * for fields that should never hold one (names, job titles, companies): still readable, never clickable.
 */
export function defangLinks(text: string): string {
  return text.replace(LINK_LIKE, (match) =>
    match
      .replace(/^http/i, (h) => `${h.slice(0, 1)}xx${h.slice(3)}`)
      .replace(/:\/\//, '[:]//')
      .replace(/\./g, '[.]'),
  )
}
