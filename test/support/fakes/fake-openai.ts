import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakeOpenAiMode =
  | { readonly kind: 'draft'; readonly subject: string; readonly body: string; readonly fenced?: boolean }
  | { readonly kind: 'invalid-json' }
  | { readonly kind: 'timeout'; readonly delayMs: number }
  | { readonly kind: '429'; readonly retryAfter: string }

/**
 * A local OpenAI-compatible chat-completions server (`POST /v1/chat/completions`), answering as the
 * API documents: `choices[0].message.content`, 429 with Retry-After when rate limited, 401 without the key.
 */
export async function startFakeOpenAi(options: { readonly apiKey?: string } = {}) {
  const requests: { readonly headers: IncomingMessage['headers']; readonly body: Record<string, unknown> }[] = []
  let mode: FakeOpenAiMode = { kind: 'invalid-json' }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end()
        return
      }
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>
      requests.push({ headers: req.headers, body })
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"Incorrect API key"}}')
        return
      }
      const reply = (content: string) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'chatcmpl-fake',
            object: 'chat.completion',
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          }),
        )
      switch (mode.kind) {
        case 'draft': {
          const json = JSON.stringify({ subject: mode.subject, body: mode.body })
          reply(mode.fenced ? `\`\`\`json\n${json}\n\`\`\`` : json)
          return
        }
        case 'invalid-json':
          reply('Sure! Here is your e-mail: Subject: Hello')
          return
        case 'timeout':
          setTimeout(() => reply('{}'), mode.delayMs).unref()
          return
        case '429':
          res
            .writeHead(429, { 'content-type': 'application/json', 'retry-after': mode.retryAfter })
            .end('{"error":{"message":"Rate limit reached"}}')
          return
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    answerWith(next: FakeOpenAiMode) {
      mode = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
export type FakeOpenAi = Awaited<ReturnType<typeof startFakeOpenAi>>
