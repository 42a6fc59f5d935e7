import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RelayChild, startRelayChild } from './hardening/relay-child.js'
import { leadNotification, signedHeaders } from './support/linkedin.js'

const dir = mkdtempSync(join(tmpdir(), 'leadrelay-half-close-'))
let relay: RelayChild
beforeAll(async () => {
  relay = await startRelayChild(dir)
}, 60_000)
afterAll(async () => {
  await relay?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** Sends a signed notification and half-closes at once (FIN after the body), as some HTTP clients do. */
function postThenHalfClose(port: number): Promise<string> {
  const body = JSON.stringify(leadNotification())
  const headers = Object.entries(signedHeaders(body))
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')
  return new Promise((resolve, reject) => {
    let answer = ''
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end(
        `POST /webhooks/linkedin HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n${headers}\r\n${body}`,
      )
    })
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')))
    socket.on('error', reject)
    socket.on('close', () => resolve(answer))
  })
}

describe('a client that half-closes after its request', () => {
  // The 2xx waits for the WAL fdatasync on the thread pool, so the client's FIN is read before the answer
  // is ready; Node's default would then end the socket and the notification would go unacknowledged.
  it('still gets its acknowledgement, then the connection ends', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => postThenHalfClose(relay.port)))
    expect(answers.map((a) => /^HTTP\/1\.1 (\d{3})/.exec(a)?.[1] ?? 'none')).toEqual(Array(20).fill('200'))
  })
})
