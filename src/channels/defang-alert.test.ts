import { describe, expect, it } from 'vitest'
import { leadAlert } from '../../test/support/fakes/lead-alert.js'
import { leadMessage } from './slack-message.js'
import { teamsLeadMessage } from './teams-card.js'

describe('URLs in fields that never hold one', () => {
  const alert = leadAlert({
    name: 'Dana https://evil.example/login',
    firstName: 'Dana',
    jobTitle: 'CEO, see www.evil.example',
    company: 'evil.example',
  })

  it('are defanged in Slack, while LeadRelay’s own links stay buttons', () => {
    const text = JSON.stringify(leadMessage(alert))
    expect(text).not.toMatch(/https?:\/\/evil\.example/)
    expect(text).not.toContain('www.evil.example')
    expect(text).not.toMatch(/[^[]evil\.example/)
    expect(text).toContain('evil[.]example')
    expect(text).toContain('"url":"https://leadrelay.example/ack/tok-1"')
  })

  it('are defanged in Teams, while LeadRelay’s own links stay buttons', () => {
    const text = JSON.stringify(teamsLeadMessage(alert))
    expect(text).not.toMatch(/https?:\/\/evil\.example/)
    expect(text).not.toMatch(/evil\.example/)
    // Teams' Markdown escaping turns [ into \[, which the card shows as [.
    expect(text).toMatch(/evil(\\\\)?\[\.(\\\\)?\]example/)
    expect(text).toContain('https://leadrelay.example/ack/tok-1')
  })
})
