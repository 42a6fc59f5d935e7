import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { challengeResponse } from '../linkedin/index.js'

export interface ReceivedRequest {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/**
 * A webhook receiver on a real socket whose behaviour can be switched: answers challenges right or wrong,
 * accepts or fails notifications. For tests of the sender and for demos of BLOCKED.
 */
export async function startFakeReceiver(clientSecret: string) {
  const received: ReceivedRequest[] = []
  const behaviour = { challenge: 'correct' as 'correct' | 'wrong' | 'not-json', notificationStatus: 200 }
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
      if (request.method === 'GET') {
        const code = new URL(request.url ?? '/', 'http://x').searchParams.get('challengeCode') ?? ''
        const answer =
          behaviour.challenge === 'wrong'
            ? challengeResponse(code, 'not-the-secret')
            : challengeResponse(code, clientSecret)
        const type = behaviour.challenge === 'not-json' ? 'text/plain' : 'application/json'
        response
          .writeHead(200, { 'content-type': type })
          .end(JSON.stringify({ challengeCode: code, challengeResponse: answer }))
        return
      }
      response.writeHead(behaviour.notificationStatus, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/linkedin`,
    behaviour,
    received,
    notifications: () => received.filter((r) => r.method === 'POST'),
    challenges: () => received.filter((r) => r.method === 'GET'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
export type FakeReceiver = Awaited<ReturnType<typeof startFakeReceiver>>
