import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire, checked field by field below
type Json = any

/** One message Slack accepted, by incoming webhook or `chat.postMessage`. */
export interface SlackPost {
  readonly via: 'webhook' | 'api'
  /** For the Web API: the `channel` field (a channel id or, for a DM, a user id). */
  readonly channel: string | undefined
  readonly text: string | undefined
  readonly blocks: readonly Record<string, Json>[]
  readonly ts: string | undefined
  readonly receivedAt: number
}

/** A scripted answer, used once for the next request on that endpoint, before any checks. */
export interface SlackAnswer {
  readonly status?: number
  /** Incoming webhook: plain-text body (`invalid_payload`, `channel_not_found`…). */
  readonly body?: string
  /** Web API: answer `{ ok: false, error }` (HTTP 200 unless `status` says otherwise). */
  readonly error?: string
  readonly retryAfter?: string
}

export interface FakeSlackOptions {
  /** The bot token the Web API accepts; anything else gets `invalid_auth`. */
  readonly botToken?: string
  /** Answer 429 (Retry-After: 1) when a channel gets a second message within a second, as Slack may. */
  readonly enforceOnePerSecond?: boolean
  /** Channel or user ids the Web API answers `channel_not_found` for. */
  readonly missingChannels?: readonly string[]
}

const BLOCK_TYPES = new Set(['header', 'section', 'context', 'actions', 'divider', 'image', 'rich_text', 'markdown'])
const TEXT_TYPES = new Set(['plain_text', 'mrkdwn'])

/** What is wrong with a message's Block Kit payload, per Slack's documented limits; empty when it is valid. */
export function blockKitProblems(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems: string[] = []
  const { blocks } = message
  if (blocks === undefined) {
    if (typeof message.text !== 'string' || message.text === '') problems.push('no text and no blocks')
    return problems
  }
  if (!Array.isArray(blocks)) return ['blocks is not an array']
  if (blocks.length === 0 || blocks.length > 50) problems.push(`${blocks.length} blocks (1 to 50 allowed)`)
  const textOk = (t: Json, max: number, types = TEXT_TYPES) =>
    t && typeof t === 'object' && types.has(t.type) && typeof t.text === 'string' && t.text.length <= max
  for (const [i, block] of (blocks as Json[]).entries()) {
    const at = `blocks[${i}]`
    if (!block || !BLOCK_TYPES.has(block.type)) {
      problems.push(`${at}: unknown type ${block?.type}`)
      continue
    }
    if (block.type === 'header' && !textOk(block.text, 150, new Set(['plain_text']))) {
      problems.push(`${at}: header needs plain_text of at most 150 characters`)
    }
    if (block.type === 'section') {
      if (block.text === undefined && block.fields === undefined) problems.push(`${at}: section needs text or fields`)
      if (block.text !== undefined && !textOk(block.text, 3000)) problems.push(`${at}: section text over 3000 or bad`)
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length > 10) problems.push(`${at}: at most 10 fields`)
        else if (!block.fields.every((f: Json) => textOk(f, 2000))) problems.push(`${at}: a field is over 2000 or bad`)
      }
    }
    if (block.type === 'context') {
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 10) {
        problems.push(`${at}: context needs 1 to 10 elements`)
      }
    }
    if (block.type === 'actions') {
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 25) {
        problems.push(`${at}: actions need 1 to 25 elements`)
      } else {
        block.elements.forEach((el: Json, j: number) => {
          if (el.type !== 'button') return
          if (!textOk(el.text, 75, new Set(['plain_text']))) problems.push(`${at}.elements[${j}]: button text`)
          if (typeof el.action_id !== 'string' || el.action_id.length > 255) {
            problems.push(`${at}.elements[${j}]: button action_id`)
          }
          if (el.url !== undefined && (typeof el.url !== 'string' || el.url.length > 3000)) {
            problems.push(`${at}.elements[${j}]: button url`)
          }
        })
      }
    }
  }
  return problems
}

/**
 * A local Slack on 127.0.0.1: the incoming-webhook URL (`webhookUrl`) and the Web API's `chat.postMessage`
 * (`apiUrl`). It checks the Block Kit shape, answers like Slack (plain-text codes for webhooks, HTTP 200
 * `{ ok:false, error }` for the Web API, 429 + Retry-After), and records what it accepted.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}) {
  const posts: SlackPost[] = []
  const problems: string[] = []
  const webhookAnswers: SlackAnswer[] = []
  const apiAnswers: SlackAnswer[] = []
  const lastPostAt = new Map<string, number>()
  let requests = 0
  let rateLimited = 0
  let tsCounter = 0

  const server = createServer(async (req, res) => {
    requests++
    const bodyText = await readBody(req)
    if (req.method === 'POST' && req.url?.startsWith('/services/')) return webhook(bodyText, res)
    if (req.method === 'POST' && req.url === '/api/chat.postMessage') return api(req, bodyText, res)
    res.writeHead(404, { 'content-type': 'text/plain' }).end('no_service')
  })

  function tooSoon(channel: string): boolean {
    const now = Date.now()
    const last = lastPostAt.get(channel)
    if (options.enforceOnePerSecond && last !== undefined && now - last < 1000) {
      rateLimited++
      return true
    }
    lastPostAt.set(channel, now)
    return false
  }

  function webhook(bodyText: string, res: ServerResponse) {
    const scripted = webhookAnswers.shift()
    if (scripted) {
      const headers: Record<string, string> = { 'content-type': 'text/plain' }
      if (scripted.retryAfter) headers['retry-after'] = scripted.retryAfter
      return res.writeHead(scripted.status ?? 200, headers).end(scripted.body ?? 'ok')
    }
    let message: Json
    try {
      message = JSON.parse(bodyText)
    } catch {
      return res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload')
    }
    const found = blockKitProblems(message)
    if (found.length) {
      problems.push(...found)
      return res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_blocks')
    }
    if (tooSoon('webhook'))
      return res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '1' }).end('rate_limited')
    posts.push({
      via: 'webhook',
      channel: undefined,
      text: message.text,
      blocks: message.blocks ?? [],
      ts: undefined,
      receivedAt: Date.now(),
    })
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
  }

  function api(req: IncomingMessage, bodyText: string, res: ServerResponse) {
    const answer = (status: number, json: object, retryAfter?: string) => {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' }
      if (retryAfter) headers['retry-after'] = retryAfter
      res.writeHead(status, headers).end(JSON.stringify(json))
    }
    const scripted = apiAnswers.shift()
    if (scripted)
      return answer(
        scripted.status ?? 200,
        { ok: false, error: scripted.error ?? 'internal_error' },
        scripted.retryAfter,
      )
    if (options.botToken && req.headers.authorization !== `Bearer ${options.botToken}`) {
      return answer(200, { ok: false, error: 'invalid_auth' })
    }
    let message: Json
    try {
      message = JSON.parse(bodyText)
    } catch {
      return answer(200, { ok: false, error: 'invalid_json' })
    }
    if (
      typeof message.channel !== 'string' ||
      message.channel === '' ||
      options.missingChannels?.includes(message.channel)
    )
      return answer(200, { ok: false, error: 'channel_not_found' })
    const found = blockKitProblems(message)
    if (found.length) {
      problems.push(...found)
      return answer(200, { ok: false, error: 'invalid_blocks' })
    }
    if (tooSoon(message.channel)) return answer(429, { ok: false, error: 'ratelimited' }, '1')
    const ts = `1700000000.${String(++tsCounter).padStart(6, '0')}`
    posts.push({
      via: 'api',
      channel: message.channel,
      text: message.text,
      blocks: message.blocks ?? [],
      ts,
      receivedAt: Date.now(),
    })
    answer(200, { ok: true, channel: message.channel, ts, message: { text: message.text } })
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: base,
    webhookUrl: `${base}/services/T000/B000/XXXXXXXX`,
    apiUrl: `${base}/api`,
    /** Messages accepted, in arrival order. */
    posts,
    /** Block Kit problems found in rejected payloads. */
    problems,
    get requests() {
      return requests
    },
    get rateLimited() {
      return rateLimited
    },
    /** Queue answers for the next incoming-webhook requests. */
    answerWebhookWith(...answers: SlackAnswer[]) {
      webhookAnswers.push(...answers)
    },
    /** Queue answers for the next `chat.postMessage` requests. */
    answerApiWith(...answers: SlackAnswer[]) {
      apiAnswers.push(...answers)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
