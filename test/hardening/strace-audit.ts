import { readFileSync } from 'node:fs'

export interface AuditResult {
  /** 2xx answers found written to client sockets. */
  readonly acknowledgements: number
  /** Those whose event's commit frame was not followed by an fsync/fdatasync of the WAL before the answer. */
  readonly unsynced: readonly string[]
  /** Those whose event never appeared in a WAL write before the answer. */
  readonly neverWritten: readonly string[]
  readonly walSyncs: number
}

const SOCKET_WRITE =
  /^(\d+) +(?:write|writev|sendto|sendmsg)\((\d+)<TCP:\[[^\]]*:(\d+)->[^\]]*:(\d+)\]>, .*?HTTP\/1\.1 (\d{3})/
const WAL_WRITE = /^(\d+) +(?:pwrite64|pwritev|pwritev2|write)\(\d+<[^>]*-wal>/
const WAL_SYNC = /^(\d+) +(?:fdatasync|fsync)\(\d+<[^>]*-wal>\) = 0/
// A sync on another thread (libuv's pool) that strace interrupts: its start, then its result on its own line.
const WAL_SYNC_START = /^(\d+) +(?:fdatasync|fsync)\(\d+<[^>]*-wal> <unfinished \.\.\.>/
const SYNC_RESUMED = /^(\d+) +<\.\.\. (?:fdatasync|fsync) resumed>\) += 0/

/** A WAL frame header (24 bytes) whose "database size after commit" field is set: a transaction's last frame. */
// With another thread making syscalls (the checkpointer, libuv's pool), strace may print it unfinished.
const FRAME_HEADER = /^\d+ +pwrite64\(\d+<[^>]*-wal>, "((?:[^"\\]|\\.)*)", 24, \d+(?:\)| <unfinished)/
const ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 }

/** The first `count` bytes of a string as strace prints it (C escapes, octal for the rest). */
function straceBytes(text: string, count: number): number[] {
  const bytes: number[] = []
  for (let i = 0; i < text.length && bytes.length < count; i++) {
    if (text[i] !== '\\') {
      bytes.push(text.charCodeAt(i))
      continue
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8))
      i += octal[0].length
    } else {
      bytes.push(ESCAPES[text[i + 1] as string] ?? 0)
      i++
    }
  }
  return bytes
}

function isCommitFrame(line: string): boolean {
  const header = FRAME_HEADER.exec(line)
  return header
    ? straceBytes(header[1] as string, 8)
        .slice(4)
        .some((b) => b !== 0)
    : false
}

/**
 * Reads an `strace -f -yy -s N` trace of LeadRelay and checks, for every 2xx written to a client socket,
 * that the write-ahead log was synced after the commit frame of the transaction that first wrote that
 * notification's URN, and before the answer. (Later transactions rewrite the same page, URN included; their
 * frames need not be synced for this one to survive.) `urnByClientPort` says which notification each client
 * connection (by its port) sent. A sync covers what was written before it started, once it has returned.
 */
export function auditTrace(file: string, urnByClientPort: ReadonlyMap<number, string>): AuditResult {
  const lines = readFileSync(file, 'latin1').split('\n')
  const written = new Set<string>()
  const committedAt = new Map<string, number>()
  let uncommitted: string[] = []
  let commitPage = false
  let lastSync = -1
  const startedSyncs = new Map<string, number>()
  let walSyncs = 0
  let acknowledgements = 0
  const unsynced: string[] = []
  const neverWritten: string[] = []
  const urns = [...urnByClientPort.values()]
  for (const [index, line] of lines.entries()) {
    if (WAL_WRITE.test(line)) {
      for (const urn of urns) {
        if (written.has(urn) || !line.includes(urn)) continue
        written.add(urn)
        uncommitted.push(urn)
      }
      // The commit frame's header is written first, then its page: the transaction ends with that page.
      if (commitPage) {
        for (const urn of uncommitted) committedAt.set(urn, index)
        uncommitted = []
      }
      commitPage = isCommitFrame(line)
      continue
    }
    if (WAL_SYNC.test(line)) {
      lastSync = index
      walSyncs++
      continue
    }
    const started = WAL_SYNC_START.exec(line)
    if (started) {
      startedSyncs.set(started[1] as string, index)
      continue
    }
    const resumed = SYNC_RESUMED.exec(line)
    const startedAt = resumed ? startedSyncs.get(resumed[1] as string) : undefined
    if (resumed && startedAt !== undefined) {
      startedSyncs.delete(resumed[1] as string)
      lastSync = Math.max(lastSync, startedAt)
      walSyncs++
      continue
    }
    const answer = SOCKET_WRITE.exec(line)
    if (!answer) continue
    const status = Number(answer[5])
    const urn = urnByClientPort.get(Number(answer[4]))
    if (status < 200 || status >= 300 || !urn) continue
    acknowledgements++
    const commit = committedAt.get(urn)
    if (!written.has(urn)) neverWritten.push(urn)
    else if (commit === undefined || !(lastSync > commit)) unsynced.push(urn)
  }
  return { acknowledgements, unsynced, neverWritten, walSyncs }
}
