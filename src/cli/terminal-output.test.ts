import { describe, expect, it } from 'vitest'
import type { LeadView } from '../views/index.js'
import { describeLead } from './commands/leads.js'
import { formatTable } from './format-table.js'

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the test
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/
const hostile = '\u001b]8;;https://evil.example\u0007Dana\u001b]8;;\u0007\u001b[2K\r\u0007'

describe('CLI output of lead text', () => {
  it('shows control characters as escapes in tables', () => {
    const out = formatTable(['NAME'], [[hostile]])
    expect(CONTROL.test(out)).toBe(false)
    expect(out).toContain('\\u001b]8;;https://evil.example')
  })

  it('shows control characters as escapes in leads show', () => {
    const view = {
      urn: 'urn:li:leadGenFormResponse:1',
      status: 'routed',
      test: false,
      leadType: 'SPONSORED',
      formId: '1',
      formVersion: 1,
      display: { submittedAt: '03/14/2026' },
      failureReason: null,
      fields: { firstName: hostile, company: 'Acme\u001b[1A' },
      customAnswers: [{ question: 'Why?', answer: hostile }],
      warnings: [],
      timeline: [{ shownAt: 'now', kind: 'received', detail: hostile }],
    } as unknown as LeadView
    const out = describeLead(view)
    expect(CONTROL.test(out)).toBe(false)
    expect(out).toContain('firstName: \\u001b]8;;')
  })
})
