import { describe, expect, it } from 'vitest'
import { leadAlert } from '../../test/support/fakes/lead-alert.js'
import { createEmailTemplates, TemplateError } from './templates.js'

describe('email templates', () => {
  it('render subject, text and HTML for a lead by default', () => {
    const email = createEmailTemplates().render(leadAlert())
    expect(email.subject).toBe('HOT lead: Dana Whitfield (Acme Logistics)')
    expect(email.text).toContain('Dana Whitfield, VP of Operations at Acme Logistics')
    expect(email.text).toContain('Priority: HOT (score 85): Decision maker +30, Target industry +20')
    expect(email.text).toContain("I'm on it: https://leadrelay.example/ack/tok-1")
    expect(email.html).toContain('<a href="https://leadrelay.example/ack/tok-1">I\'m on it</a>')
    expect(email.html).toContain('Riley Chen')
  })

  it('mark test leads in the subject and body', () => {
    const email = createEmailTemplates().render(leadAlert({ test: true }))
    expect(email.subject).toMatch(/^\[TEST\] HOT lead/)
    expect(email.text).toContain('TEST LEAD')
    expect(email.html).toContain('TEST LEAD')
  })

  it('say when an alert is an escalation', () => {
    const email = createEmailTemplates().render(
      leadAlert({ kind: 'escalation', escalation: { minutesWaiting: 15, level: 1 } }),
    )
    expect(email.subject).toBe('Escalation: HOT lead: Dana Whitfield (Acme Logistics)')
    expect(email.text).toContain('nobody has acted on this lead for 15 minutes')
  })

  it('escape lead data in HTML but not in the plain-text part', () => {
    const email = createEmailTemplates().render(leadAlert({ name: '<script>alert(1)</script>', company: 'A & B' }))
    expect(email.html).not.toContain('<script>')
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(email.html).toContain('A &amp; B')
    expect(email.text).toContain('<script>alert(1)</script>')
  })

  it('leave out what the lead did not give and name nobody when unassigned', () => {
    const email = createEmailTemplates().render(
      leadAlert({ jobTitle: null, company: null, phone: null, owner: null, scoreReasons: [] }),
    )
    expect(email.subject).toBe('HOT lead: Dana Whitfield')
    expect(email.text).not.toContain('Phone:')
    expect(email.text).toContain('Owner: nobody yet')
  })

  it('use user templates with any LeadAlert field', () => {
    const templates = createEmailTemplates({
      subject: '{{ priorityLabel }} · {{ formName }} · {{ name | upcase }}',
      text: '{{ leadId }} {{ state }} {% for r in scoreReasons %}[{{ r }}]{% endfor %}',
    })
    const email = templates.render(leadAlert())
    expect(email.subject).toBe('HOT · Demo request · DANA WHITFIELD')
    expect(email.text).toBe('lead-1 CA [Decision maker +30][Target industry +20]')
    expect(email.html).toContain('Dana Whitfield')
  })

  it('refuse an unknown variable when built, naming the template', () => {
    expect(() => createEmailTemplates({ subject: 'New lead: {{ lead_name }}' })).toThrow(TemplateError)
    expect(() => createEmailTemplates({ subject: 'New lead: {{ lead_name }}' })).toThrow(
      /subject template: undefined variable: lead_name/,
    )
  })

  it('refuse an unknown filter or broken syntax when built', () => {
    expect(() => createEmailTemplates({ html: '{{ name | shout }}' })).toThrow(/html template: undefined filter: shout/)
    expect(() => createEmailTemplates({ text: '{% if %}' })).toThrow(/text template/)
  })

  it('report a variable that only one kind of lead reaches when that lead renders', () => {
    const templates = createEmailTemplates({ text: '{% if priority == "warm" %}{{ warmth }}{% endif %}{{ name }}' })
    expect(templates.render(leadAlert()).text).toBe('Dana Whitfield')
    expect(() => templates.render(leadAlert({ priority: 'warm' }))).toThrow(/text template: undefined variable: warmth/)
  })
})
