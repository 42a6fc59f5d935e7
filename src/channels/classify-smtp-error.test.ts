import { describe, expect, it } from 'vitest'
import { classifySmtpError } from './classify-smtp-error.js'

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO:<x@y>' }, 'rejected', 'SMTP 550 after RCPT (EENVELOPE)'],
    [{ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }, 'rejected', 'SMTP 535 after AUTH (EAUTH)'],
    [{ code: 'EMESSAGE', responseCode: 552, command: 'DATA' }, 'rejected', 'SMTP 552 after DATA (EMESSAGE)'],
    [{ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO:<x@y>' }, 'retry', 'SMTP 451 after RCPT (EENVELOPE)'],
    [{ code: 'EPROTOCOL', responseCode: 421 }, 'retry', 'SMTP 421 (EPROTOCOL)'],
    [{ code: 'EPROTOCOL', responseCode: 503, command: 'DATA' }, 'retry', 'SMTP 503 after DATA (EPROTOCOL)'],
  ])('classifies %o as %s', (error, kind, reason) => {
    expect(classifySmtpError(error)).toEqual({ kind, reason })
  })

  it('follows nodemailer when it says whether a reply is permanent', () => {
    expect(classifySmtpError({ responseCode: 554, permanent: false })).toMatchObject({ kind: 'retry' })
  })

  it.each(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', undefined])('retries %s without a reply', (code) => {
    expect(classifySmtpError({ code })).toMatchObject({ kind: 'retry', reason: expect.stringContaining('SMTP server') })
  })

  it.each(['EAUTH', 'ENOAUTH', 'ECONFIG', 'EENVELOPE'])(
    'rejects %s without a reply: configuration, not weather',
    (code) => {
      expect(classifySmtpError({ code })).toMatchObject({ kind: 'rejected' })
    },
  )

  it('never quotes the server text, which may hold an address', () => {
    const outcome = classifySmtpError({
      code: 'EENVELOPE',
      responseCode: 550,
      response: '550 <dana@acme.example> unknown',
    })
    expect(JSON.stringify(outcome)).not.toContain('dana@')
  })
})
