import { readFileSync } from 'node:fs'

export interface AuditResult {
  /** 2xx answers found written to client sockets. */
  readonly acknowledgements: number
  /** Those whose event's last WAL write was not followed by an fsync/fdatasync of the WAL before the answer. */
  readonly unsynced: readonly string[]
  /** Those whose event never appeared in a WAL write before the answer. */
  readonly neverWritten: readonly string[]
  readonly walSyncs: number
}

const SOCKET_WRITE =
  /^(\d+) +(?:write|writev|sendto|sendmsg)\((\d+)<TCP:\[[^\]]*:(\d+)->[^\]]*:(\d+)\]>, .*?HTTP\/1\.1 (\d{3})/
const WAL_WRITE = /^(\d+) +(?:pwrite64|pwritev|pwritev2|write)\(\d+<[^>]*-wal>/
const WAL_SYNC = /^(\d+) +(?:fdatasync|fsync)\(\d+<[^>]*-wal>\) = 0/

/**
 * Reads an `strace -f -yy -s N` trace of LeadRelay and checks, for every 2xx written to a client socket,
 * that the write-ahead log was synced after the last WAL write holding that notification's URN and
 * before the answer. `urnByClientPort` says which notification each client connection (by its port) sent.
 */
export function auditTrace(file: string, urnByClientPort: ReadonlyMap<number, string>): AuditResult {
  const lines = readFileSync(file, 'latin1').split('\n')
  const lastWalWrite = new Map<string, number>()
  let lastSync = -1
  let walSyncs = 0
  let acknowledgements = 0
  const unsynced: string[] = []
  const neverWritten: string[] = []
  const urns = [...urnByClientPort.values()]
  for (const [index, line] of lines.entries()) {
    if (WAL_WRITE.test(line)) {
      for (const urn of urns) if (line.includes(urn)) lastWalWrite.set(urn, index)
      continue
    }
    if (WAL_SYNC.test(line)) {
      lastSync = index
      walSyncs++
      continue
    }
    const answer = SOCKET_WRITE.exec(line)
    if (!answer) continue
    const status = Number(answer[5])
    const urn = urnByClientPort.get(Number(answer[4]))
    if (status < 200 || status >= 300 || !urn) continue
    acknowledgements++
    const written = lastWalWrite.get(urn)
    if (written === undefined) neverWritten.push(urn)
    else if (!(lastSync > written)) unsynced.push(urn)
  }
  return { acknowledgements, unsynced, neverWritten, walSyncs }
}
