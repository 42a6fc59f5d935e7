import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

/** A delivery whose signature verified. */
export interface ReceivedWebhook {
  readonly id: string
  readonly timestamp: string
  readonly body: string
  readonly payload: unknown
  readonly receivedAt: number
}

/** A scripted answer for the next request (after the signature check). */
export interface ReceiverAnswer {
  readonly status: number
  readonly retryAfter?: string
  /** For 3xx: where the redirect points. */
  readonly location?: string
  readonly body?: string
}

/**
 * A Standard Webhooks consumer on 127.0.0.1: verifies every request with `new Webhook(secret).verify(body, headers)`
 * (401 when it fails), then answers a scripted status if one is queued, else 200. Accepted deliveries are
 * de-duplicated by `webhook-id`, as the spec tells consumers to do, so `unique` shows idempotency.
 */
export async function startWebhookReceiver(options: { readonly secret: string }) {
  const verifier = new Webhook(options.secret)
  const answers: ReceiverAnswer[] = []
  /** Every verified request, including repeats and ones answered with a scripted failure. */
  const attempts: ReceivedWebhook[] = []
  /** First accepted delivery per webhook-id. */
  const unique = new Map<string, ReceivedWebhook>()
  let badSignatures = 0
  let duplicates = 0

  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
    )
    let payload: unknown
    try {
      payload = verifier.verify(body, headers)
    } catch {
      badSignatures++
      return res.writeHead(401).end('bad signature')
    }
    const received: ReceivedWebhook = {
      id: headers['webhook-id']!,
      timestamp: headers['webhook-timestamp']!,
      body,
      payload,
      receivedAt: Date.now(),
    }
    attempts.push(received)
    const scripted = answers.shift()
    if (scripted) {
      const out: Record<string, string> = { 'content-type': 'text/plain' }
      if (scripted.retryAfter) out['retry-after'] = scripted.retryAfter
      if (scripted.location) out.location = scripted.location
      return res.writeHead(scripted.status, out).end(scripted.body ?? '')
    }
    if (unique.has(received.id)) duplicates++
    else unique.set(received.id, received)
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}')
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/leads`
  return {
    url,
    attempts,
    /** Accepted deliveries, one per webhook-id, in arrival order. */
    get deliveries(): ReceivedWebhook[] {
      return [...unique.values()]
    },
    get badSignatures() {
      return badSignatures
    },
    /** Accepted requests whose webhook-id had been accepted before. */
    get duplicates() {
      return duplicates
    },
    /** Queue answers (500, 429 + retryAfter, 410, 301 + location…) for the next verified requests. */
    answerWith(...next: ReceiverAnswer[]) {
      answers.push(...next)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
