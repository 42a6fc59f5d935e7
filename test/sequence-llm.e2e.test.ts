import { afterEach, describe, expect, it } from 'vitest'
import { type FakeOpenAi, startFakeOpenAi } from './support/fakes/fake-openai.js'
import { type SequenceWorld, startSequenceWorld } from './support/sequence-world.js'

let w: SequenceWorld | undefined
let llm: FakeOpenAi | undefined
afterEach(async () => {
  await w?.close()
  await llm?.close()
  w = llm = undefined
})

async function until(check: () => Promise<boolean> | boolean, timeout = 15_000) {
  await expect.poll(check, { timeout, interval: 50 }).toBe(true)
}

const STEPS = (approve = true) => `
      - id: intro
        type: email
        draft: llm
        approve: ${approve}
        brief: "Thank them for the demo request and offer two times for a call."
        subject: "Your demo request, {{ lead.firstName }}"
        body: "Hi {{ lead.firstName }}, thanks for asking about a demo. {{ owner.firstName }}"`

async function withModel(options: { approve?: boolean; timeoutMs?: number } = {}) {
  llm = await startFakeOpenAi({ apiKey: 'sk-test-key' })
  w = await startSequenceWorld({
    steps: STEPS(options.approve ?? true),
    extraYaml: `llm: { baseUrl: "${llm.baseUrl}", model: "llama3.1:8b", apiKey: sk-test-key, timeoutMs: ${options.timeoutMs ?? 5000} }`,
  })
  return { w, llm }
}

const DRAFT = {
  kind: 'draft' as const,
  subject: 'Demo for Acme Robotics',
  body: 'Hi Dana, thanks for the demo request. Would Tuesday at 10 or Thursday at 2 work for a short call? Ann',
}

describe('language-model drafts (local OpenAI-compatible fake)', () => {
  it('holds a draft for review, then sends it as the owner approved it (edited)', async () => {
    const { w, llm } = await withModel()
    llm.answerWith(DRAFT)
    const leadId = await w.hotLead('dana@prospect.test')
    await until(async () => (await w.sequence(leadId)).steps[0]?.state === 'awaiting-approval')
    const waiting = (await w.sequence(leadId)).steps[0]
    expect(waiting?.draft).toEqual({
      subject: DRAFT.subject,
      body: DRAFT.body,
      source: 'llm',
      model: 'llama3.1:8b',
      promptVersion: 'seq-draft-1',
    })
    expect(w.smtp.messages).toHaveLength(0)

    const [request] = llm.requests
    expect(request?.headers.authorization).toBe('Bearer sk-test-key')
    expect(request?.body).toMatchObject({ model: 'llama3.1:8b', response_format: { type: 'json_schema' } })
    const prompt = JSON.stringify(request?.body.messages)
    expect(prompt).toContain('Acme Robotics')
    expect(prompt).toContain('Thank them for the demo request')
    // Contact details are not what a draft needs: they stay here.
    expect(prompt).not.toContain('dana@prospect.test')

    const edited = 'Hi Dana, thanks for reaching out. Does Tuesday at 10 work for a call? Ann'
    const approve = await w.post(`/api/leads/${leadId}/sequence/steps/intro/approve`, { body: edited })
    expect(approve.status).toBe(200)
    await until(() => w.smtp.messages.length === 1)
    const sent = w.smtp.messages[0]
    expect(sent?.header('subject')).toBe(DRAFT.subject)
    expect(sent?.raw).toContain(edited)
    expect(sent?.raw).not.toContain('Would Tuesday at 10 or Thursday')
    expect((await w.sequence(leadId)).steps[0]).toMatchObject({ state: 'sent', draft: { source: 'edited' } })
    expect((await w.post(`/api/leads/${leadId}/sequence/steps/intro/approve`)).status).toBe(409)
  })

  it('sends the draft exactly as drafted when approved unchanged', async () => {
    const { w, llm } = await withModel()
    llm.answerWith({ ...DRAFT, fenced: true })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(async () => (await w.sequence(leadId)).steps[0]?.state === 'awaiting-approval')
    await w.post(`/api/leads/${leadId}/sequence/steps/intro/approve`)
    await until(() => w.smtp.messages.length === 1)
    expect(w.smtp.messages[0]?.raw).toContain(DRAFT.body.slice(0, 40))
    expect((await w.sequence(leadId)).steps[0]?.draft?.source).toBe('llm-approved')
  })

  it('falls back to the template on a timeout, and says so on the timeline', async () => {
    const { w, llm } = await withModel({ timeoutMs: 300 })
    llm.answerWith({ kind: 'timeout', delayMs: 3_000 })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => w.smtp.messages.length === 1)
    expect(w.smtp.messages[0]?.header('subject')).toBe('Your demo request, Dana')
    expect(w.smtp.messages[0]?.raw).toContain('thanks for asking about a demo')
    const lead = (await w.world.api<{ timeline: { kind: string; detail: string }[] }>(`/api/leads/${leadId}`)).body
    expect(lead.timeline.find((t) => t.kind === 'sequence-draft-fallback')?.detail).toContain('no answer within 300 ms')
    expect((await w.sequence(leadId)).steps[0]?.draft?.source).toBe('template')
  })

  it.each([
    ['invalid JSON', { kind: 'invalid-json' } as const, 'not valid JSON'],
    ['429 with Retry-After', { kind: '429', retryAfter: '20' } as const, 'HTTP 429 (Retry-After 20)'],
  ])('falls back to the template on %s', async (_name, mode, reason) => {
    const { w, llm } = await withModel()
    llm.answerWith(mode)
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => w.smtp.messages.length === 1)
    expect(w.smtp.messages[0]?.header('subject')).toBe('Your demo request, Dana')
    const lead = (await w.world.api<{ timeline: { kind: string; detail: string }[] }>(`/api/leads/${leadId}`)).body
    expect(lead.timeline.find((t) => t.kind === 'sequence-draft-fallback')?.detail).toContain(reason)
  })

  it('sends nothing to a language model when llm is not configured', async () => {
    llm = await startFakeOpenAi()
    llm.answerWith(DRAFT)
    w = await startSequenceWorld({ steps: STEPS() })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => w?.smtp.messages.length === 1)
    expect(w.smtp.messages[0]?.header('subject')).toBe('Your demo request, Dana')
    expect(llm.requests).toHaveLength(0)
    expect((await w.sequence(leadId)).steps[0]?.draft?.source).toBe('template')
  })

  it('sends an unreviewed draft only with approve: false', async () => {
    const { w, llm } = await withModel({ approve: false })
    llm.answerWith(DRAFT)
    await w.hotLead('dana@prospect.test')
    await until(() => w.smtp.messages.length === 1)
    expect(w.smtp.messages[0]?.header('subject')).toBe(DRAFT.subject)
  })
})
