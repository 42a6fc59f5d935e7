import { describe, expect, it } from 'vitest'
import { createSecretBox } from './secret-box.js'

describe('createSecretBox', () => {
  it('encrypts with a key: the stored text does not contain the secret and opens back to it', () => {
    const box = createSecretBox('a long random operator key')
    const sealed = box.seal('AQX-access-token')
    expect(sealed).toMatch(/^v1:/)
    expect(sealed).not.toContain('AQX')
    expect(box.open(sealed)).toBe('AQX-access-token')
    expect(box.seal('AQX-access-token')).not.toBe(sealed)
  })

  it('refuses to open with another key, saying why', () => {
    const sealed = createSecretBox('key one').seal('token')
    expect(() => createSecretBox('key two').open(sealed)).toThrow(/LEADRELAY_SECRET_KEY differs/)
    expect(() => createSecretBox(undefined).open(sealed)).toThrow(/set LEADRELAY_SECRET_KEY/)
  })

  it('reads values stored before encryption was turned on', () => {
    const plain = createSecretBox(undefined).seal('token')
    expect(createSecretBox('now encrypted').open(plain)).toBe('token')
  })
})
