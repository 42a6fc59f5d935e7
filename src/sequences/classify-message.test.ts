import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { classifyMessage, returnDate } from './classify-message.js'

async function classify(headers: Record<string, string>, body = 'Thanks, let us talk.') {
  const raw = [
    'From: Dana <dana@prospect.test>',
    'To: ann@acme.test',
    'Message-ID: <m1@prospect.test>',
    ...Object.entries({ Subject: 'Re: Your demo request', ...headers }).map(([k, v]) => `${k}: ${v}`),
    '',
    body,
  ].join('\r\n')
  return classifyMessage(await simpleParser(raw), raw)
}

describe('classifying incoming mail', () => {
  it('takes a message from a person as a reply', async () => {
    expect(await classify({})).toEqual({ kind: 'reply' })
    expect(await classify({ 'Auto-Submitted': 'no' })).toEqual({ kind: 'reply' })
  })

  it.each([
    [{ 'Auto-Submitted': 'auto-replied' }],
    [{ 'Auto-Submitted': 'auto-generated' }],
    [{ 'X-Autoreply': 'yes' }],
    [{ Precedence: 'auto_reply' }],
  ])('takes %j as an automatic reply (RFC 3834)', async (headers) => {
    expect(await classify(headers, 'Your ticket was received.')).toEqual({ kind: 'auto-reply' })
  })

  it('recognises an out-of-office note and the date it gives', async () => {
    expect(
      await classify(
        { Subject: 'Automatic reply: Your demo request', 'Auto-Submitted': 'auto-replied' },
        'I am out of the office until December 14, 2026 with no access to e-mail.',
      ),
    ).toEqual({ kind: 'out-of-office', returns: { year: 2026, month: 12, day: 14, yearGiven: true } })
    expect(await classify({ Subject: 'Out of Office' }, 'Away this week.')).toEqual({ kind: 'out-of-office' })
  })

  it.each([
    ['back on Monday, Dec 7', { month: 12, day: 7, yearGiven: false }],
    ['returning 2027-01-04', { year: 2027, month: 1, day: 4 }],
    ['until 1/4/2027', { year: 2027, month: 1, day: 4 }],
    ['I return on 4th January', { month: 1, day: 4 }],
  ])('reads the return date in %j', (text, expected) => {
    expect(returnDate(text)).toMatchObject(expected)
  })

  it('reads a delivery status notification as a bounce, permanent only for a failed 5.x.x', async () => {
    const dsn = (action: string, status: string) =>
      [
        'From: MAILER-DAEMON@mx.test',
        'Subject: Undelivered Mail',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        '',
        '--b',
        'Content-Type: message/delivery-status',
        '',
        'Final-Recipient: rfc822; Dana@Prospect.test',
        `Action: ${action}`,
        `Status: ${status}`,
        '--b--',
        '',
      ].join('\r\n')
    const permanent = dsn('failed', '5.1.1')
    expect(classifyMessage(await simpleParser(permanent), permanent)).toEqual({
      kind: 'bounce',
      permanent: true,
      recipients: ['dana@prospect.test'],
      status: '5.1.1',
    })
    const delayed = dsn('delayed', '4.4.1')
    expect(classifyMessage(await simpleParser(delayed), delayed)).toMatchObject({ kind: 'bounce', permanent: false })
  })
})
