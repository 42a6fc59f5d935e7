import { describe, expect, it } from 'vitest'
import { encodeRestliKey, encodeRestliValue, restliQuery } from './restli.js'

// LinkedIn Protocol Version, learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version (Rest.li 2.0).
describe('Rest.li 2.0 encoding', () => {
  it.each([
    [
      'an owner union keeps its structure and encodes the URN',
      { sponsoredAccount: 'urn:li:sponsoredAccount:522529623' },
      '(sponsoredAccount:urn%3Ali%3AsponsoredAccount%3A522529623)',
    ],
    ['an enum record', { leadType: 'SPONSORED' }, '(leadType:SPONSORED)'],
    ['a time range', { start: 1686100000000, end: 1686200000000 }, '(start:1686100000000,end:1686200000000)'],
    [
      'the leadNotifications finder owner with its value wrapper',
      { value: { organization: 'urn:li:organization:520866471' } },
      '(value:(organization:urn%3Ali%3Aorganization%3A520866471))',
    ],
    ['a list of URNs', ['urn:li:organization:12345'], 'List(urn%3Ali%3Aorganization%3A12345)'],
    [
      'a bare versioned form URN, parentheses and comma encoded',
      'urn:li:versionedLeadGenForm:(urn:li:leadGenForm:3162,1)',
      'urn%3Ali%3AversionedLeadGenForm%3A%28urn%3Ali%3AleadGenForm%3A3162%2C1%29',
    ],
  ])('%s', (_, value, encoded) => {
    expect(encodeRestliValue(value)).toBe(encoded)
  })

  it('encodes a resource key whole', () => {
    expect(encodeRestliKey('urn:li:leadGenForm:(1,2)')).toBe('urn%3Ali%3AleadGenForm%3A%281%2C2%29')
    expect(encodeRestliKey('249592fc-d272-44ba-a7db-c2bdce579507-6')).toBe('249592fc-d272-44ba-a7db-c2bdce579507-6')
  })

  it("builds the documentation's leadFormResponses finder query exactly", () => {
    const query = restliQuery([
      ['owner', { sponsoredAccount: 'urn:li:sponsoredAccount:522529623' }],
      ['leadType', { leadType: 'SPONSORED' }],
      ['limitedToTestLeads', false],
      ['versionedLeadGenFormUrn', 'urn:li:versionedLeadGenForm:(urn:li:leadGenForm:3162,1)'],
      ['q', 'owner'],
    ])
    expect(query).toBe(
      'owner=(sponsoredAccount:urn%3Ali%3AsponsoredAccount%3A522529623)&leadType=(leadType:SPONSORED)' +
        '&limitedToTestLeads=false&versionedLeadGenFormUrn=urn%3Ali%3AversionedLeadGenForm%3A%28urn%3Ali%3AleadGenForm%3A3162%2C1%29&q=owner',
    )
  })

  it('passes a fields projection through untouched and drops undefined parameters', () => {
    expect(
      restliQuery([
        ['fields', { raw: 'id,submittedAt,form:(hiddenFields,name,id,content)' }],
        ['start', undefined],
        ['count', 10],
      ]),
    ).toBe('fields=id,submittedAt,form:(hiddenFields,name,id,content)&count=10')
  })
})
