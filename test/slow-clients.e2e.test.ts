import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { leadNotification, signedHeaders } from './support/linkedin.js'
import { buildTestServer, type TestServer } from './support/test-server.js'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function listening(env: Record<string, string>) {
  server = await buildTestServer({ env })
  await server.app.listen({ host: '127.0.0.1', port: 0 })
  return (server.app.server.address() as { port: number }).port
}

/** A client that announces 1,000 bytes of body and then trickles one byte every `everyMs`. */
function slowPost(port: number, everyMs: number, localAddress = '127.0.0.1') {
  const socket = connect({ host: '127.0.0.1', port, localAddress })
  socket.on('error', () => {})
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())))
  socket.once('connect', () => {
    socket.write('POST /webhooks/linkedin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n')
    socket.write('X-LI-Signature: 00\r\nContent-Length: 1000\r\n\r\n')
  })
  const timer = setInterval(() => socket.writable && socket.write('{'), everyMs)
  closed.then(() => clearInterval(timer))
  return { socket, closed }
}

async function signedPost(port: number) {
  const body = JSON.stringify(leadNotification())
  const res = await fetch(`http://127.0.0.1:${port}/webhooks/linkedin`, {
    method: 'POST',
    body,
    headers: signedHeaders(body),
    signal: AbortSignal.timeout(10_000),
  })
  return res.status
}

describe('slow and idle clients', () => {
  it('closes a connection whose body trickles in past the request timeout', async () => {
    const port = await listening({
      REQUEST_TIMEOUT_MS: '1000',
      HEADERS_TIMEOUT_MS: '500',
      CONNECTION_TIMEOUT_MS: '5000',
    })
    const started = Date.now()
    const slow = slowPost(port, 200)
    // Without a request timeout this client would hold its socket for 1,000 × 200 ms = 200 s.
    const closedAt = await Promise.race([slow.closed, new Promise<number>((r) => setTimeout(() => r(0), 15_000))])
    slow.socket.destroy()
    expect(closedAt).toBeGreaterThan(0)
    expect(closedAt - started).toBeLessThan(15_000)
  })

  it('closes a connection that never finishes its headers', async () => {
    const port = await listening({
      REQUEST_TIMEOUT_MS: '5000',
      HEADERS_TIMEOUT_MS: '500',
      CONNECTION_TIMEOUT_MS: '5000',
    })
    const socket: Socket = connect({ host: '127.0.0.1', port })
    socket.on('error', () => {})
    const closed = new Promise<boolean>((resolve) => socket.once('close', () => resolve(true)))
    socket.once('connect', () => socket.write('POST /webhooks/linkedin HTTP/1.1\r\nHost: x\r\n'))
    const timer = setInterval(() => socket.writable && socket.write('X-A: b\r\n'), 100)
    const result = await Promise.race([closed, new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))])
    clearInterval(timer)
    socket.destroy()
    expect(result).toBe(true)
  })

  it('keeps answering the webhook while one address floods it with slow connections, and caps them', async () => {
    const port = await listening({
      REQUEST_TIMEOUT_MS: '3000',
      HEADERS_TIMEOUT_MS: '1000',
      CONNECTION_TIMEOUT_MS: '3000',
      MAX_CONNECTIONS_PER_ADDRESS: '20',
    })
    // The flood comes from 127.0.0.2 (all of 127/8 is loopback on Linux), the notification from 127.0.0.1.
    const flood = Array.from({ length: 100 }, () => slowPost(port, 500, '127.0.0.2'))
    await new Promise((resolve) => setTimeout(resolve, 300))
    const open = () => flood.filter((f) => !f.socket.destroyed && f.socket.readyState === 'open').length
    expect(open()).toBeLessThanOrEqual(20)
    expect(await signedPost(port)).toBe(200)
    expect(await signedPost(port)).toBe(200)
    await Promise.race([Promise.all(flood.map((f) => f.closed)), new Promise((r) => setTimeout(r, 15_000))])
    expect(open()).toBe(0)
    for (const f of flood) f.socket.destroy()
  }, 60_000)
})
