import type { LeadAlert, SendContext } from '../../../src/channels/channel.js'

/** A complete, plausible alert for a hot lead with an owner; override what a test is about. */
export function leadAlert(overrides: Partial<LeadAlert> = {}): LeadAlert {
  return {
    kind: 'new-lead',
    leadId: 'lead-1',
    leadUrn: 'urn:li:leadGenFormResponse:1',
    test: false,
    name: 'Dana Whitfield',
    firstName: 'Dana',
    lastName: 'Whitfield',
    email: 'dana@acme.example',
    phone: '+14155550123',
    jobTitle: 'VP of Operations',
    company: 'Acme Logistics',
    companySize: '201-500',
    state: 'CA',
    score: 85,
    priority: 'hot',
    scoreReasons: ['Decision maker +30', 'Target industry +20'],
    leadType: 'SPONSORED',
    formName: 'Demo request',
    campaign: 'Q3 West',
    submittedAtShown: '03/14/2026 09:26 AM PDT',
    owner: { id: 'm-1', name: 'Riley Chen', email: 'riley@leadrelay.example', slackUserId: 'U0RILEY' },
    routingReason: 'West region round-robin',
    ackUrl: 'https://leadrelay.example/ack/tok-1',
    leadUrl: 'https://leadrelay.example/leads/lead-1',
    ...overrides,
  }
}

/** A send context as the deliver job builds it: a stable idempotency key per (lead, channel, kind). */
export function sendContext(overrides: Partial<SendContext> = {}): SendContext {
  return { idempotencyKey: 'dlv_lead-1_test_new-lead', attempt: 1, signal: new AbortController().signal, ...overrides }
}
