import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire, checked field by field below
type Json = any

/** A scripted answer, used once for the next request, before any checks. */
export interface TeamsAnswer {
  readonly status: number
  readonly body?: string
  readonly retryAfter?: string
}

const ELEMENT_TYPES = new Set(['TextBlock', 'FactSet', 'Container', 'ColumnSet', 'Image', 'RichTextBlock'])
const ACTION_TYPES = new Set(['Action.OpenUrl', 'Action.ShowCard', 'Action.ToggleVisibility'])
/** Teams' message size limit for webhook posts. */
const MAX_BYTES = 28 * 1024

/** What is wrong with a Workflows/incoming-webhook message carrying an Adaptive Card; empty when it is valid. */
export function adaptiveCardProblems(message: Json): string[] {
  const problems: string[] = []
  if (message?.type !== 'message') problems.push('type must be "message"')
  const attachments = message?.attachments
  if (!Array.isArray(attachments) || attachments.length === 0)
    return [...problems, 'attachments must be a non-empty array']
  attachments.forEach((attachment: Json, i: number) => {
    const at = `attachments[${i}]`
    if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') {
      problems.push(`${at}.contentType must be application/vnd.microsoft.card.adaptive`)
    }
    const card = attachment?.content
    if (card?.type !== 'AdaptiveCard') problems.push(`${at}.content.type must be AdaptiveCard`)
    if (typeof card?.version !== 'string' || !/^1\.[0-6]$/.test(card.version)) {
      problems.push(`${at}.content.version must be 1.0 to 1.6`)
    }
    if (!Array.isArray(card?.body) || card.body.length === 0) {
      problems.push(`${at}.content.body must be a non-empty array`)
      return
    }
    card.body.forEach((element: Json, j: number) => {
      const where = `${at}.content.body[${j}]`
      if (!ELEMENT_TYPES.has(element?.type)) problems.push(`${where}: unknown element type ${element?.type}`)
      if (element?.type === 'TextBlock' && (typeof element.text !== 'string' || element.text === '')) {
        problems.push(`${where}: TextBlock needs text`)
      }
      if (element?.type === 'FactSet') {
        const ok =
          Array.isArray(element.facts) &&
          element.facts.every((f: Json) => typeof f?.title === 'string' && typeof f?.value === 'string')
        if (!ok) problems.push(`${where}: FactSet facts need string title and value`)
      }
    })
    for (const [j, action] of (card.actions ?? []).entries()) {
      const where = `${at}.content.actions[${j}]`
      if (!ACTION_TYPES.has(action?.type)) problems.push(`${where}: unsupported action ${action?.type}`)
      if (typeof action?.title !== 'string' || action.title === '') problems.push(`${where}: action needs a title`)
      if (action?.type === 'Action.OpenUrl' && !/^https?:\/\//.test(String(action.url))) {
        problems.push(`${where}: Action.OpenUrl needs an http(s) url`)
      }
    }
  })
  return problems
}

/**
 * A local Teams Workflows webhook on 127.0.0.1: validates the Adaptive Card message, answers 202 Accepted like the
 * "When a Teams webhook request is received" trigger (400 with the problems for a bad card, 413 over 28 KB), and
 * records the cards it accepted. Scripted answers (429 + Retry-After, 5xx) go first.
 */
export async function startFakeTeams() {
  const cards: Json[] = []
  const problems: string[] = []
  const answers: TeamsAnswer[] = []
  let requests = 0

  const server = createServer(async (req, res) => {
    requests++
    const bodyText = await readBody(req)
    if (req.method !== 'POST' || !req.url?.startsWith('/workflows/')) return reply(res, 404, 'not found')
    const scripted = answers.shift()
    if (scripted) return reply(res, scripted.status, scripted.body ?? '', scripted.retryAfter)
    if (Buffer.byteLength(bodyText) > MAX_BYTES) return reply(res, 413, 'MessageSizeTooBig')
    let message: Json
    try {
      message = JSON.parse(bodyText)
    } catch {
      return reply(res, 400, 'InvalidJson')
    }
    const found = adaptiveCardProblems(message)
    if (found.length) {
      problems.push(...found)
      return reply(res, 400, 'BadRequest')
    }
    cards.push(message.attachments[0].content)
    reply(res, 202, '')
  })

  function reply(res: ServerResponse, status: number, body: string, retryAfter?: string) {
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' }
    if (retryAfter) headers['retry-after'] = retryAfter
    res.writeHead(status, headers).end(body)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    webhookUrl: `${base}/workflows/8f2c/triggers/manual/paths/invoke?api-version=1&sig=fake`,
    /** The Adaptive Cards accepted (attachments[0].content), in arrival order. */
    cards,
    problems,
    get requests() {
      return requests
    },
    answerWith(...queued: TeamsAnswer[]) {
      answers.push(...queued)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
export type FakeTeams = Awaited<ReturnType<typeof startFakeTeams>>

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
