import type { ImapFlow } from 'imapflow'
import { sequencesRepository } from '../store/index.js'
import { handleIncoming } from './handle-incoming.js'
import type { SequenceRuntime } from './runtime.js'

interface WatchedInbox {
  /** `imap://user@host:port/INBOX`, without the password: the cursor's key. */
  readonly key: string
  readonly url: URL
  readonly ownerIds: readonly string[]
  readonly pollMs: number
}

const RECONNECT_MS = [1_000, 5_000, 30_000, 60_000]

// imapflow and mailparser are a third of the modules a start reads; only a configured mailbox needs them.
let parser: Promise<typeof import('mailparser')> | undefined
const mailparser = () => (parser ??= import('mailparser'))

/** One inbox per distinct IMAP URL; a shared mailbox serves every member whose mail it holds. */
export function watchedInboxes(rt: SequenceRuntime): WatchedInbox[] {
  const byUrl = new Map<string, { url: URL; ownerIds: string[]; pollMs: number }>()
  for (const mailbox of rt.mailboxes.values()) {
    if (!mailbox.imapUrl) continue
    const entry = byUrl.get(mailbox.imapUrl) ?? {
      url: new URL(mailbox.imapUrl),
      ownerIds: [],
      pollMs: mailbox.pollSeconds * 1000,
    }
    entry.ownerIds.push(mailbox.key)
    byUrl.set(mailbox.imapUrl, entry)
  }
  return [...byUrl.values()].map((e) => ({
    key: `${e.url.protocol}//${decodeURIComponent(e.url.username)}@${e.url.host}/INBOX`,
    ...e,
  }))
}

/**
 * Reads each rep's INBOX over IMAP: everything after the last UID seen (kept in the database per inbox and
 * UIDVALIDITY), then waits in IDLE (imapflow idles by itself when the server offers it) or polls.
 * A message is handled before the cursor passes it, so a crash re-reads rather than loses it.
 */
export function createReplyWatcher(rt: SequenceRuntime) {
  let running = false
  const loops: Promise<void>[] = []
  const stops = new Set<() => void>()

  async function sync(client: ImapFlow, inbox: WatchedInbox) {
    const mailbox = client.mailbox ? client.mailbox : undefined
    const uidValidity = String(mailbox?.uidValidity ?? '')
    const cursor = await sequencesRepository.mailboxCursor(rt.store.db, inbox.key)
    if (!cursor || cursor.uid_validity !== uidValidity) {
      // A mailbox seen for the first time (or renumbered) may hold years of mail that answers nothing of ours:
      // start from what arrives now.
      await sequencesRepository.setMailboxCursor(
        rt.store.db,
        inbox.key,
        uidValidity,
        Math.max(0, Number(mailbox?.uidNext ?? 1) - 1),
      )
      return
    }
    let last = Number(cursor.last_uid)
    const fresh: { uid: number; source: Buffer }[] = []
    for await (const message of client.fetch(`${last + 1}:*`, { uid: true, source: true }, { uid: true })) {
      // `n:*` always includes the newest message, even when its UID is below n.
      if (message.uid > last && message.source) fresh.push({ uid: message.uid, source: message.source })
    }
    for (const message of fresh.sort((a, b) => a.uid - b.uid)) {
      const raw = message.source.toString('utf8')
      const result = await handleIncoming(rt, inbox, await (await mailparser()).simpleParser(message.source), raw)
      rt.logger.info(
        { inbox: inbox.key.replace(/\/\/[^@]*@/, '//'), uid: message.uid, result },
        'inbox message handled',
      )
      last = message.uid
      await sequencesRepository.setMailboxCursor(rt.store.db, inbox.key, uidValidity, last)
    }
  }

  async function watch(inbox: WatchedInbox) {
    let failures = 0
    while (running) {
      const { ImapFlow } = await import('imapflow')
      const client = new ImapFlow({
        host: inbox.url.hostname,
        port: Number(inbox.url.port) || (inbox.url.protocol === 'imaps:' ? 993 : 143),
        secure: inbox.url.protocol === 'imaps:',
        auth: { user: decodeURIComponent(inbox.url.username), pass: decodeURIComponent(inbox.url.password) },
        logger: false,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
      })
      client.on('error', () => {}) // reported through the failing command below
      try {
        await client.connect()
        await client.mailboxOpen('INBOX')
        failures = 0
        let wake: (() => void) | undefined
        client.on('exists', () => wake?.())
        client.on('close', () => wake?.())
        while (running && client.usable) {
          await sync(client, inbox)
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, inbox.pollMs)
            function done() {
              clearTimeout(timer)
              wake = undefined
              stops.delete(done)
              resolve()
            }
            wake = done
            stops.add(done)
          })
        }
      } catch (error) {
        failures++
        rt.logger.warn(
          { inbox: inbox.key.replace(/\/\/[^@]*@/, '//'), err: (error as Error).message },
          'could not read the inbox; trying again',
        )
      } finally {
        await client.logout().catch(() => client.close())
      }
      if (!running) break
      const delay = RECONNECT_MS[Math.min(failures, RECONNECT_MS.length) - 1] ?? 0
      if (delay > 0)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, delay)
          function done() {
            clearTimeout(timer)
            stops.delete(done)
            resolve()
          }
          stops.add(done)
        })
    }
  }

  return {
    start() {
      if (running) return
      running = true
      for (const inbox of watchedInboxes(rt)) loops.push(watch(inbox))
    },
    async stop() {
      running = false
      for (const stop of [...stops]) stop()
      await Promise.allSettled(loops)
      loops.length = 0
    },
  }
}
