import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scryptSync } from 'node:crypto'

const VERSION = 'v1'
// A fixed salt is fine here: the key comes from the operator's secret, not a user password database.
const SALT = Buffer.from('leadrelay/secret-box/v1')
/** Marks a sealed personal value, so plaintext rows (from before the option was on) can be told apart. */
export const SEALED_VALUE_PREFIX = 'enc:v1:'

export interface SecretBox {
  /** Whether values are really encrypted (a key is configured). */
  readonly encrypting: boolean
  seal(plain: string): string
  open(sealed: string): string
}

const masterKey = (secret: string) => scryptSync(secret, SALT, 32)

function encrypt(key: Buffer, plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
}

/** Throws when the GCM tag does not match: another key, or bytes changed on disk. */
function decrypt(key: Buffer, encoded: string, failure: string): string {
  const raw = Buffer.from(encoded, 'base64')
  if (raw.length < 28) throw new Error(failure)
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
  decipher.setAuthTag(raw.subarray(12, 28))
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    throw new Error(failure)
  }
}

/**
 * AES-256-GCM with a key derived (scrypt) from LEADRELAY_SECRET_KEY. Without a key, values are stored
 * marked as plain, so turning encryption on later still reads them (and re-seals on the next write).
 */
export function createSecretBox(secret: string | undefined): SecretBox {
  const key = secret ? masterKey(secret) : undefined
  return {
    encrypting: key !== undefined,
    seal(plain) {
      if (!key) return `plain:${plain}`
      return `${VERSION}:${encrypt(key, plain)}`
    },
    open(sealed) {
      if (sealed.startsWith('plain:')) return sealed.slice('plain:'.length)
      if (!sealed.startsWith(`${VERSION}:`)) throw new Error('unknown secret format')
      if (!key) throw new Error('this value is encrypted: set LEADRELAY_SECRET_KEY to the key it was sealed with')
      return decrypt(
        key,
        sealed.slice(VERSION.length + 1),
        'cannot decrypt a stored secret: LEADRELAY_SECRET_KEY differs from the key it was sealed with',
      )
    },
  }
}

export interface ValueCipher {
  /** `enc:v1:` + base64(iv ‖ tag ‖ ciphertext), a fresh random IV each time. */
  seal(plain: string): string
  /** Opens a sealed value; throws on a wrong key or a changed byte, never returns garbage. */
  open(sealed: string): string
  isSealed(value: string): boolean
  /** HMAC-SHA256 (hex) under its own key: equal inputs give equal hashes, for exact lookups. */
  keyedHash(text: string): string
}

/**
 * Encrypts stored values (personal data) with subkeys of LEADRELAY_SECRET_KEY: one for AES-256-GCM, one
 * for the keyed hash, both apart from the secret box's key.
 */
export function createValueCipher(secret: string): ValueCipher {
  const master = masterKey(secret)
  const subkey = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32))
  const aesKey = subkey('leadrelay/values/aes-256-gcm')
  const hashKey = subkey('leadrelay/values/hmac-sha256')
  return {
    seal: (plain) => `${SEALED_VALUE_PREFIX}${encrypt(aesKey, plain)}`,
    open(sealed) {
      if (!sealed.startsWith(SEALED_VALUE_PREFIX)) throw new Error('not a sealed value')
      return decrypt(
        aesKey,
        sealed.slice(SEALED_VALUE_PREFIX.length),
        'cannot decrypt stored personal data: it was changed, or LEADRELAY_SECRET_KEY differs from the key it was sealed with',
      )
    },
    isSealed: (value) => value.startsWith(SEALED_VALUE_PREFIX),
    keyedHash: (text) => createHmac('sha256', hashKey).update(text, 'utf8').digest('hex'),
  }
}
