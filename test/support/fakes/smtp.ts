import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

/** One message the server accepted: the envelope and the raw RFC 822 text. */
export interface ReceivedMail {
  readonly from: string | undefined
  readonly to: readonly string[]
  readonly raw: string
  /** The first value of a header, unfolded (MIME encoded-words are left as they are). */
  header(name: string): string | undefined
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1: no TLS, authentication optional. It collects messages,
 * rejects chosen recipients (550, or a 4xx), and can be stopped and started again on the same port to play "SMTP down".
 */
export async function startFakeSmtp(options: { readonly rejectRecipients?: readonly string[] } = {}) {
  const messages: ReceivedMail[] = []
  const rejected = new Map((options.rejectRecipients ?? []).map((a) => [a.toLowerCase(), 550]))
  let port = 0
  let server: SMTPServer | undefined

  function create(): SMTPServer {
    return new SMTPServer({
      authOptional: true,
      // nodemailer would upgrade to TLS and then refuse the self-signed test certificate.
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 50,
      onRcptTo(address, _session, callback) {
        const code = rejected.get(address.address.toLowerCase())
        if (code) {
          const text = code >= 500 ? '5.1.1 Mailbox unavailable' : '4.7.1 Try again later'
          return callback(Object.assign(new Error(text), { responseCode: code }))
        }
        callback()
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8')
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined
          messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, header: (n) => header(raw, n) })
          callback()
        })
      },
    })
  }

  async function start(): Promise<void> {
    if (server) return
    const next = create()
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject)
      next.listen(port, '127.0.0.1', () => resolve())
    })
    port = (next.server.address() as AddressInfo).port
    server = next
  }

  /** Close the port and drop open connections (pooled clients included): the next send finds nobody there. */
  async function stop(): Promise<void> {
    const current = server
    server = undefined
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()))
  }

  await start()
  return {
    get port() {
      return port
    },
    /** `smtp://127.0.0.1:PORT`, ready for an e-mail channel's smtpUrl. */
    get url() {
      return `smtp://127.0.0.1:${port}`
    },
    messages,
    /** Answer RCPT TO for this address with `code` (550 mailbox unavailable, or e.g. 451 try later) from now on. */
    rejectRecipient(address: string, code = 550) {
      rejected.set(address.toLowerCase(), code)
    },
    start,
    stop,
    close: stop,
  }
}
export type FakeSmtp = Awaited<ReturnType<typeof startFakeSmtp>>

function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? ''
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ')
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
  return line?.slice(name.length + 1).trim()
}
