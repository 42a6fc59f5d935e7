import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config/index.js'
import { createStepTemplates, StepTemplateError } from './step-templates.js'

const TEAM = `
team:
  members:
    - { id: ann, name: Ann West, timeZone: America/Chicago, mailbox: { from: ann@acme.test, smtpUrl: "smtp://127.0.0.1:2525" } }
  fallbackOwner: ann
`

function problems(yaml: string) {
  const loaded = loadConfig({ env: {}, fileText: yaml })
  return loaded.ok ? [] : loaded.error.map((p) => `${p.key}: ${p.message}`)
}

describe('sequences in the config', () => {
  it('names compliance.postalAddress at start-up when a sequence sends e-mail without it', () => {
    expect(
      problems(`${TEAM}
sequences:
  - name: hot
    steps:
      - { id: intro, type: email, subject: Hi, body: Hello }
`),
    ).toEqual([
      'compliance.postalAddress: sequence "hot" sends e-mail (step "intro"): CAN-SPAM needs your postal address in every message',
    ])
  })

  it('accepts a complete sequence with every step type', () => {
    const loaded = loadConfig({
      env: {},
      fileText: `${TEAM}
compliance: { postalAddress: "Acme Inc., 1 Main St, Austin, TX 78701" }
sequences:
  - name: hot
    when: { field: priority, equals: hot }
    sendWindow: { days: [mon, tue, wed, thu, fri], start: "08:00", end: "17:30" }
    stopOn: [acknowledged]
    steps:
      - { id: intro, type: email, subject: "Hi {{ lead.firstName }}", body: "Hello" }
      - { id: call, type: task, task: call, text: "Call {{ lead.firstName }}" }
      - { id: wait, type: wait, wait: 2 business days }
      - { id: bump, type: email, body: "Following up" }
`,
    })
    expect(loaded.ok).toBe(true)
    if (!loaded.ok) return
    expect(loaded.value.sequences[0]?.sendWindow).toEqual({
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: 480,
      end: 1050,
    })
    expect(loaded.value.sequences[0]?.steps[2]).toMatchObject({ wait: { kind: 'business-days', days: 2 } })
  })

  it.each([
    [
      'a duplicate step id',
      `- { id: a, type: wait, wait: 1 }\n      - { id: a, type: wait, wait: 1 }`,
      'duplicate step id',
    ],
    ['a wait it cannot read', `- { id: a, type: wait, wait: soon }`, '"soon" is not a wait'],
    [
      'a branch to a missing step',
      `- { id: a, type: task, task: call, text: Call, next: { connected: b } }`,
      'no step "b"',
    ],
    ['a first e-mail without subject', `- { id: a, type: email, body: Hi }`, 'needs a subject'],
    ['an LLM draft without a brief', `- { id: a, type: email, subject: S, body: B, draft: llm }`, 'needs a brief'],
  ])('rejects %s', (_name, steps, message) => {
    const found = problems(`${TEAM}
compliance: { postalAddress: "Acme Inc., 1 Main St, Austin, TX 78701" }
sequences:
  - name: s
    steps:
      ${steps}
`)
    expect(found.join('\n')).toContain(message)
  })

  it('fails at start-up on a template naming a variable that does not exist', () => {
    const loaded = loadConfig({
      env: {},
      fileText: `${TEAM}
compliance: { postalAddress: "Acme Inc., 1 Main St, Austin, TX 78701" }
sequences:
  - name: s
    steps:
      - { id: a, type: email, subject: "Hi {{ lead.frstName }}", body: B }
`,
    })
    if (!loaded.ok) throw new Error('config should load')
    expect(() => createStepTemplates(loaded.value.sequences)).toThrow(StepTemplateError)
    expect(() => createStepTemplates(loaded.value.sequences)).toThrow(/sequence "s" step "a" subject/)
  })
})

describe('the README', () => {
  it('shows a US-team sequence that loads as it is', async () => {
    const { readFileSync } = await import('node:fs')
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('### A sequence for a US team'))
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
    const loaded = loadConfig({ env: {}, fileText: yaml })
    expect(loaded.ok ? [] : loaded.error).toEqual([])
    if (!loaded.ok) return
    expect(() => createStepTemplates(loaded.value.sequences)).not.toThrow()
    expect(loaded.value.sequences[0]?.steps.map((s) => s.type)).toEqual([
      'email',
      'task',
      'task',
      'wait',
      'email',
      'email',
    ])
  })
})

describe('config check output', () => {
  it('masks mailbox passwords and the LLM key', async () => {
    const { describeConfig } = await import('../config/index.js')
    const loaded = loadConfig({
      env: {},
      fileText: `
team:
  members:
    - { id: ann, name: Ann West, timeZone: America/Chicago, mailbox: { from: ann@acme.test, smtpUrl: "smtps://ann%40acme.test:hunter2@smtp.acme.test:465", imapUrl: "imaps://ann:hunter2@imap.acme.test" } }
  fallbackOwner: ann
mailbox: { smtpUrl: "smtp://shared:hunter2@smtp.acme.test:587" }
llm: { baseUrl: "https://api.openai.com/v1", model: gpt-4o-mini, apiKey: sk-secret-value-1234 }
`,
    })
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error))
    const shown = JSON.stringify(describeConfig(loaded.value))
    expect(shown).not.toContain('hunter2')
    expect(shown).not.toContain('sk-secret-value')
    expect(shown).toContain('smtps://ann%40acme.test:****@smtp.acme.test:465')
  })
})
