import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'

const VERSION = 'v1'
// A fixed salt is fine here: the key comes from the operator's secret, not a user password database.
const SALT = Buffer.from('leadrelay/secret-box/v1')

export interface SecretBox {
  /** Whether values are really encrypted (a key is configured). */
  readonly encrypting: boolean
  seal(plain: string): string
  open(sealed: string): string
}

/**
 * AES-256-GCM with a key derived (scrypt) from LEADRELAY_SECRET_KEY. Without a key, values are stored
 * marked as plain, so turning encryption on later still reads them (and re-seals on the next write).
 */
export function createSecretBox(secret: string | undefined): SecretBox {
  const key = secret ? scryptSync(secret, SALT, 32) : undefined
  return {
    encrypting: key !== undefined,
    seal(plain) {
      if (!key) return `plain:${plain}`
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`
    },
    open(sealed) {
      if (sealed.startsWith('plain:')) return sealed.slice('plain:'.length)
      if (!sealed.startsWith(`${VERSION}:`)) throw new Error('unknown secret format')
      if (!key) throw new Error('this value is encrypted: set LEADRELAY_SECRET_KEY to the key it was sealed with')
      const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64')
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
      decipher.setAuthTag(raw.subarray(12, 28))
      try {
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
      } catch {
        throw new Error('cannot decrypt a stored secret: LEADRELAY_SECRET_KEY differs from the key it was sealed with')
      }
    },
  }
}
