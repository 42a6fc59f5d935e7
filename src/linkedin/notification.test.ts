import { describe, expect, it } from 'vitest'
import { fixture } from '../../test/support/linkedin.js'
import { parseNotification, toEpochMs } from './notification.js'

const parse = (value: unknown) => parseNotification(Buffer.from(JSON.stringify(value)))

describe('parseNotification', () => {
  it.each([
    'notification-sponsored-created.json',
    'notification-event-created.json',
    'notification-event-deleted.json',
    'notification-company-created.json',
    'notification-organization_product-created.json',
  ])('parses LinkedIn sample %s', (name) => {
    const sample = fixture<Record<string, unknown>>(name)
    const result = parse(sample)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.notification.leadGenFormResponse).toBe(sample.leadGenFormResponse)
    expect(result.notification.leadAction).toBe(sample.leadAction)
    expect(result.notification.occurredAt).toBe(sample.occurredAt)
  })

  it('reads the form id and version, tolerating the space in the documented example URN', () => {
    const result = parse(fixture('notification-event-created.json'))
    expect(result).toMatchObject({ ok: true, notification: { formId: '1', formVersion: 1, responseId: '1a2b3c-4' } })
  })

  it('accepts occurredAt in seconds and stores milliseconds', () => {
    const result = parse({ ...fixture<object>('notification-company-created.json'), occurredAt: 1700000000 })
    expect(result).toMatchObject({ ok: true, notification: { occurredAt: 1700000000000 } })
    expect(toEpochMs(1686182358881)).toBe(1686182358881)
  })

  it('ignores fields it does not know', () => {
    const result = parse({ ...fixture<object>('notification-company-created.json'), somethingNew: { a: 1 } })
    expect(result.ok).toBe(true)
  })

  it.each([
    ['a type other than LEAD_ACTION', { type: 'ORGANIZATION_SOCIAL_ACTION' }, 'type'],
    ['an unknown leadAction', { leadAction: 'UPDATED' }, 'leadAction'],
    ['a missing leadGenFormResponse', { leadGenFormResponse: undefined }, 'leadGenFormResponse'],
    [
      'a leadGenFormResponse that is not a response URN',
      { leadGenFormResponse: 'urn:li:lead:1' },
      'leadGenFormResponse',
    ],
    ['an owner of an unknown kind', { owner: { person: 'urn:li:person:1' } }, 'owner'],
  ])('rejects %s, naming the field', (_, change, field) => {
    const result = parse({ ...fixture<object>('notification-sponsored-created.json'), ...change })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toContain(field)
  })

  it('rejects a body that is not JSON, and one that is JSON but not an object', () => {
    expect(parseNotification(Buffer.from('{"type":'))).toEqual({ ok: false, reason: 'body is not valid JSON' })
    expect(parseNotification(Buffer.from('[1,2]')).ok).toBe(false)
  })
})
