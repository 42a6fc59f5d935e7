import { describe, expect, it } from 'vitest'
import { createParams, decodeRestliValue, RestliSyntaxError } from './restli.js'

// LinkedIn Protocol Version, learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version (Rest.li 2.0): structure characters are literal, values inside are percent-encoded.
describe('Rest.li 2.0 query decoding', () => {
  it('decodes a union record whose URN is encoded and whose parentheses and colon are literal', () => {
    expect(decodeRestliValue('(sponsoredAccount:urn%3Ali%3AsponsoredAccount%3A522529623)')).toEqual({
      sponsoredAccount: 'urn:li:sponsoredAccount:522529623',
    })
  })

  it('decodes a record with several fields and a nested record', () => {
    expect(decodeRestliValue('(start:1686100000000,end:1686200000000)')).toEqual({
      start: '1686100000000',
      end: '1686200000000',
    })
    expect(decodeRestliValue('(value:(organization:urn%3Ali%3Aorganization%3A5))')).toEqual({
      value: { organization: 'urn:li:organization:5' },
    })
  })

  it('decodes a bare URN that is fully encoded, parentheses and comma included', () => {
    expect(decodeRestliValue('urn%3Ali%3AversionedLeadGenForm%3A%28urn%3Ali%3AleadGenForm%3A3162%2C1%29')).toBe(
      'urn:li:versionedLeadGenForm:(urn:li:leadGenForm:3162,1)',
    )
  })

  it('decodes List(…) and empty records and lists', () => {
    expect(decodeRestliValue('List(urn%3Ali%3Aorganization%3A1,urn%3Ali%3Aorganization%3A2)')).toEqual([
      'urn:li:organization:1',
      'urn:li:organization:2',
    ])
    expect(decodeRestliValue('()')).toEqual({})
    expect(decodeRestliValue('List()')).toEqual([])
  })

  it('rejects a URN sent with literal colons inside a record', () => {
    expect(() => decodeRestliValue('(sponsoredAccount:urn:li:sponsoredAccount:1)')).toThrow(RestliSyntaxError)
  })

  it('rejects a bare URN whose parentheses and comma are not encoded', () => {
    expect(() => decodeRestliValue('urn%3Ali%3AversionedLeadGenForm%3A(urn%3Ali%3AleadGenForm%3A3162,1)')).toThrow(
      RestliSyntaxError,
    )
  })

  it('rejects unbalanced parentheses, trailing commas, duplicate fields and bad percent-encoding', () => {
    for (const bad of ['(a:1', 'a:1)', '(a:1,)', '(a:1,a:2)', '(:1)', '(a:%E0%A4%A)', 'List(a,']) {
      expect(() => decodeRestliValue(bad), bad).toThrow(RestliSyntaxError)
    }
  })

  it('reads a record parameter whose parentheses a client encoded as a plain string, and refuses it as a record', () => {
    const params = createParams('owner=%28sponsoredAccount%3Aurn%3Ali%3AsponsoredAccount%3A1%29')
    expect(params.string('owner')).toBe('(sponsoredAccount:urn:li:sponsoredAccount:1)')
    expect(() => params.record('owner')).toThrow(/must be a Rest.li record/)
  })

  it('rejects a parameter given twice, a non-integer count and a non-boolean flag', () => {
    expect(() => createParams('q=owner&q=owner')).toThrow(/more than once/)
    expect(() => createParams('count=ten').integer('count', 10)).toThrow(RestliSyntaxError)
    expect(() => createParams('count=-1').integer('count', 10)).toThrow(RestliSyntaxError)
    expect(() => createParams('limitedToTestLeads=yes').boolean('limitedToTestLeads')).toThrow(RestliSyntaxError)
  })

  it('keeps the fields projection out of value decoding, whether or not its parentheses are encoded', () => {
    expect(createParams('fields=id,form:(id,name)').fields()).toBe('id,form:(id,name)')
    expect(createParams('fields=id%2Cform%3A%28id%29').fields()).toBe('id,form:(id)')
  })
})
