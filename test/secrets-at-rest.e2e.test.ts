import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { createLeadRelay } from '../src/app.js'
import { loadConfig } from '../src/config/index.js'
import { createLogger } from '../src/util/logger.js'
import { leadNotification, signedHeaders, TEST_SECRET } from './support/linkedin.js'

const dir = mkdtempSync(join(tmpdir(), 'leadrelay-rest-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function relayWith(env: Record<string, string>) {
  const loaded = loadConfig({
    env: { HOST: '127.0.0.1', PORT: '0', LINKEDIN_CLIENT_SECRET: TEST_SECRET, LOG_LEVEL: 'info', ...env },
  })
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error))
  const logs: string[] = []
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk))
        done()
      },
    }),
  })
  return { relay: createLeadRelay(loaded.value, { logger }), logs }
}

const mode = (path: string) => statSync(path).mode & 0o777

describe('secrets and personal data at rest', () => {
  it('refuses to start with an https PUBLIC_URL and no LEADRELAY_SECRET_KEY, unless ALLOW_PLAINTEXT_SECRETS=true', async () => {
    const refused = relayWith({ DATABASE_URL: `sqlite:${dir}/a/l.db`, PUBLIC_URL: 'https://leads.example.com' })
    const app = await refused.relay
    await expect(app.start()).rejects.toThrow(/LEADRELAY_SECRET_KEY.*ALLOW_PLAINTEXT_SECRETS/s)
    await app.stop()

    const allowed = relayWith({
      DATABASE_URL: `sqlite:${dir}/b/l.db`,
      PUBLIC_URL: 'https://leads.example.com',
      ALLOW_PLAINTEXT_SECRETS: 'true',
    })
    const started = await allowed.relay
    await started.start()
    await started.stop()
    expect(allowed.logs.join('')).toMatch(/LEADRELAY_SECRET_KEY is not set/)
  })

  it('warns at start when no LEADRELAY_SECRET_KEY is set', async () => {
    const { relay, logs } = relayWith({ DATABASE_URL: `sqlite:${dir}/c/l.db` })
    const app = await relay
    await app.start()
    await app.stop()
    expect(logs.join('')).toMatch(/"level":40.*LEADRELAY_SECRET_KEY is not set/)
  })

  it('keeps the data folder 0700 and the database files 0600, tightening ones made before', async () => {
    // An install from before: a world-readable folder and database file.
    const old = join(dir, 'old')
    const fresh = join(dir, 'fresh', 'data')
    for (const [folder, prepare] of [
      [old, true],
      [fresh, false],
    ] as const) {
      if (prepare) {
        rmSync(folder, { recursive: true, force: true })
        ;(await import('node:fs')).mkdirSync(folder, { recursive: true, mode: 0o755 })
        chmodSync(folder, 0o755)
        closeSync(openSync(join(folder, 'l.db'), 'w', 0o644))
        chmodSync(join(folder, 'l.db'), 0o644)
      }
      const { relay } = relayWith({
        DATABASE_URL: `sqlite:${folder}/l.db`,
        LEADRELAY_SECRET_KEY: 'a-secret-key-of-some-length',
      })
      const app = await relay
      const { url } = await app.start()
      const body = JSON.stringify(leadNotification())
      expect(
        (await fetch(`${url}/webhooks/linkedin`, { method: 'POST', body, headers: signedHeaders(body) })).status,
      ).toBe(200)
      expect(mode(folder), folder).toBe(0o700)
      for (const file of ['l.db', 'l.db-wal', 'l.db-shm']) expect(mode(join(folder, file)), file).toBe(0o600)
      await app.stop()
    }
  })
})
