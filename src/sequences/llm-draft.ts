import { z } from 'zod'
import type { StepVariables } from './step-templates.js'

/** Bumped whenever the prompt changes, and recorded with each draft. */
export const PROMPT_VERSION = 'seq-draft-1'

export type DraftResult =
  | {
      readonly ok: true
      readonly subject: string
      readonly body: string
      readonly model: string
      readonly promptVersion: string
    }
  | { readonly ok: false; readonly reason: string }

export interface LlmDrafterOptions {
  /** An OpenAI-compatible API root: `http://127.0.0.1:11434/v1` (Ollama), `https://api.openai.com/v1`… */
  readonly baseUrl: string
  readonly model: string
  readonly apiKey?: string | undefined
  readonly timeoutMs: number
  readonly fetch?: typeof globalThis.fetch
}

const DraftSchema = z.object({
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(20).max(5_000),
})

const JSON_SCHEMA = {
  type: 'object',
  properties: { subject: { type: 'string' }, body: { type: 'string' } },
  required: ['subject', 'body'],
  additionalProperties: false,
}

// A draft needs who they are and what they asked, not how to reach them.
const CONTACT_FIELDS = new Set(['email', 'workEmail', 'phone', 'postalCode'])

const SYSTEM = [
  'You write short, personal first-touch sales e-mails in plain text for a B2B sales rep.',
  'Write as the rep, to the lead, about what the lead asked for on the LinkedIn form. No invented facts,',
  'no placeholders, no signature block beyond the rep’s first name, no links. Under 120 words.',
  'Answer only with JSON: {"subject": "...", "body": "..."}.',
].join(' ')

/**
 * Drafts an e-mail through any OpenAI-compatible chat-completions endpoint. Never throws: an HTTP error,
 * a timeout or an answer that is not the JSON asked for is a `{ ok: false }` the caller falls back from.
 */
export function createLlmDrafter(options: LlmDrafterOptions) {
  const fetch = options.fetch ?? globalThis.fetch
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`

  async function draft(input: { readonly brief: string; readonly variables: StepVariables }): Promise<DraftResult> {
    const { lead, owner, answers } = input.variables
    const facts = {
      lead: Object.fromEntries(Object.entries(lead).filter(([k, v]) => v !== null && !CONTACT_FIELDS.has(k))),
      answers,
      rep: owner.firstName,
    }
    const body = {
      model: options.model,
      temperature: 0.4,
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: `Brief: ${input.brief}\n\nWhat we know (JSON): ${JSON.stringify(facts)}` },
      ],
      // Servers that know structured outputs hold the model to the schema; the answer is validated either way.
      response_format: { type: 'json_schema', json_schema: { name: 'email_draft', strict: true, schema: JSON_SCHEMA } },
    }
    let response: Response
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      })
    } catch (error) {
      const name = (error as Error).name
      return {
        ok: false,
        reason: name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : 'the endpoint is unreachable',
      }
    }
    if (!response.ok) {
      await response.body?.cancel()
      const retryAfter = response.headers.get('retry-after')
      return {
        ok: false,
        reason: `HTTP ${response.status}${response.status === 429 && retryAfter ? ` (Retry-After ${retryAfter})` : ''}`,
      }
    }
    let content: unknown
    try {
      const json = (await response.json()) as { choices?: { message?: { content?: unknown } }[] }
      content = json.choices?.[0]?.message?.content
      if (typeof content !== 'string') return { ok: false, reason: 'the answer has no message content' }
      const parsed = DraftSchema.safeParse(JSON.parse(stripFence(content)))
      if (!parsed.success) return { ok: false, reason: 'the answer is not a valid { subject, body } draft' }
      return { ok: true, ...parsed.data, model: options.model, promptVersion: PROMPT_VERSION }
    } catch {
      return { ok: false, reason: 'the answer is not valid JSON' }
    }
  }

  return { draft }
}
export type LlmDrafter = ReturnType<typeof createLlmDrafter>

/** Small local models often wrap JSON in a ```json fence despite being told not to. */
function stripFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text)
  return fenced ? (fenced[1] as string) : text
}
