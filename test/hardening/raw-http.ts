import { connect } from 'node:net'

export interface RawOutcome {
  /** The HTTP status of the first response, or what happened instead. */
  readonly status: number | 'closed' | 'timeout' | 'refused'
}

/**
 * Writes `bytes` to a fresh loopback socket as given (no client-side HTTP library to tidy them up) and
 * reads the first response's status line. The server closes after answering (`Connection: close` or a
 * framing error), and `end` half-closes so a body shorter than its Content-Length ends too.
 */
export function rawRequest(
  port: number,
  bytes: Buffer,
  options: { timeoutMs: number; end?: boolean },
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    let head = ''
    let settled = false
    const done = (status: RawOutcome['status']) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ status })
    }
    const timer = setTimeout(() => done('timeout'), options.timeoutMs)
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' ? 'refused' : 'closed'))
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1')
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head)
      if (match) done(Number(match[1]))
      else if (head.length > 64) done('closed')
    })
    socket.on('end', () => done('closed'))
    socket.on('close', () => done('closed'))
    socket.once('connect', () => {
      socket.write(bytes)
      if (options.end !== false) socket.end()
    })
  })
}
