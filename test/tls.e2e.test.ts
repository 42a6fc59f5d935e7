import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createLeadRelay } from '../src/app.js'
import { loadConfig } from '../src/config/index.js'
import { silentLogger } from '../src/util/logger.js'
import { TEST_SECRET } from './support/linkedin.js'

const dir = mkdtempSync(join(tmpdir(), 'leadrelay-tls-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // The certificate is self-signed for this test only.
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      let body = ''
      res.on('data', (chunk) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('serving HTTPS directly', () => {
  it('answers LinkedIn over TLS when given a certificate and key', async () => {
    const cert = join(dir, 'tls.crt')
    const key = join(dir, 'tls.key')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    )
    const config = loadConfig({
      env: {
        DATABASE_URL: 'sqlite::memory:',
        HOST: '127.0.0.1',
        PORT: '0',
        TLS_CERT_FILE: cert,
        TLS_KEY_FILE: key,
        LINKEDIN_CLIENT_SECRET: TEST_SECRET,
      },
    })
    if (!config.ok) throw new Error(JSON.stringify(config.error))
    const app = await createLeadRelay(config.value, { logger: silentLogger })
    const { url } = await app.start()
    try {
      expect(url).toMatch(/^https:\/\//)
      const res = await get(`${url}/webhooks/linkedin?challengeCode=890e4665-4dfe-4ab1-b689-ed553bceeed0`)
      expect(res.status).toBe(200)
      expect(JSON.parse(res.body).challengeResponse).toBe(
        '05f7c3a9fc0fd9476f5fa3a0f318d460b83aba7b241196a57cc44868a392fc57',
      )
    } finally {
      await app.stop()
    }
  })
})
