import { describe, expect, it } from 'vitest'
import { versionStatus } from './api-version.js'

const at = (iso: string) => new Date(iso)

describe('LinkedIn-Version age', () => {
  it('is fine while younger than ten months, and names the newest version to try', () => {
    expect(versionStatus('202610', at('2027-03-15T00:00:00Z'))).toEqual({
      version: '202610',
      sunsetsAround: '2027-10-01',
      warning: null,
      newestToTry: '202702',
    })
  })

  it('warns from 60 days before the version is a year old', () => {
    expect(versionStatus('202610', at('2027-08-01T00:00:00Z')).warning).toBeNull()
    const warned = versionStatus('202610', at('2027-08-03T00:00:00Z'))
    expect(warned.warning).toContain('LINKEDIN_VERSION')
    expect(warned.warning).toContain('202707')
    expect(versionStatus('202610', at('2027-11-01T00:00:00Z')).warning).toContain('a year old')
  })
})
