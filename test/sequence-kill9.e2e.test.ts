import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { SMTPServer } from 'smtp-server'
import { afterAll, describe, expect, it } from 'vitest'
import { createSimulator, currentVersion } from '../src/simulator/index.js'
import { systemClock } from '../src/util/clock.js'
import { silentLogger } from '../src/util/logger.js'
import { exited, freePort, spawnLeadRelay, waitUntilReady } from './support/child-process.js'

const dir = mkdtempSync(join(tmpdir(), 'leadrelay-seq-kill9-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const ACCOUNT = 'urn:li:sponsoredAccount:1234567'
const API_TOKEN = 'seq-kill9-api-token-0123456789-0123456789'

/** A real SMTP server that counts accepted messages by Message-ID and can hold a DATA reply back. */
async function holdingSmtp() {
  const accepted: string[] = []
  let hold = false
  let held: (() => void) | undefined
  const heldOnce = new Promise<void>((resolve) => {
    held = resolve
  })
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const id = /^Message-ID:\s*(\S+)/im.exec(Buffer.concat(chunks).toString())?.[1] ?? ''
        if (hold) {
          hold = false
          held?.()
          return // no answer: the sender is killed while it waits for the 250
        }
        accepted.push(id)
        callback()
      })
    },
  })
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    accepted,
    holdNext() {
      hold = true
      return heldOnce
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function step(file: string, stepId: string) {
  const db = new BetterSqlite3(file, { readonly: true })
  try {
    return db
      .prepare<[string], { state: string; smtp_accepted_at: number | null; message_id: string | null }>(
        'SELECT state, smtp_accepted_at, message_id FROM sequence_steps WHERE step_id = ?',
      )
      .get(stepId)
  } finally {
    db.close()
  }
}

describe('sequence e-mail under kill -9', () => {
  it('never sends a step twice when the worker is killed while sending it, or right after SMTP accepted it', async () => {
    const simulator = createSimulator({
      clientId: 'sk-client',
      clientSecret: 'sk-secret',
      logger: silentLogger,
      seed: 5,
      accessToken: 'AQ-seq-kill9-static',
    })
    const simulatorUrl = await simulator.start(0)
    const smtp = await holdingSmtp()
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const file = join(dir, 'leadrelay.db')
    writeFileSync(
      join(dir, 'leadrelay.config.yaml'),
      `
team:
  members:
    - { id: ann, name: Ann West, timeZone: America/Chicago, mailbox: { from: ann@acme.test, smtpUrl: "${smtp.url}" } }
  fallbackOwner: ann
compliance: { postalAddress: "Acme Robotics Inc., 100 Congress Ave, Austin, TX 78701" }
sequences:
  - name: all-leads
    includeTestLeads: true
    sendWindow: { days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00" }
    steps:
      - { id: intro, type: email, subject: "Hello {{ lead.firstName }}", body: "Thanks for your interest." }
      - { id: pause, type: wait, wait: 1 }
      - { id: nudge, type: email, body: "Any time for a call?" }
`,
    )
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${file}`,
      LEADRELAY_CONFIG: join(dir, 'leadrelay.config.yaml'),
      LINKEDIN_CLIENT_ID: 'sk-client',
      LINKEDIN_CLIENT_SECRET: 'sk-secret',
      LINKEDIN_API_URL: simulatorUrl,
      LINKEDIN_OAUTH_URL: simulatorUrl,
      LINKEDIN_VERSION: currentVersion(systemClock),
      LINKEDIN_ACCESS_TOKEN: 'AQ-seq-kill9-static',
      LEADRELAY_API_TOKEN: API_TOKEN,
      PUBLIC_URL: url,
      // The killed worker's lease runs out quickly, so the restarted one takes the step over.
      WORKER_LEASE_MS: '1000',
      WORKER_POLL_INTERVAL_MS: '50',
      LOG_LEVEL: 'silent',
    }
    let child = spawnLeadRelay(['start'], env)
    try {
      await waitUntilReady(url, child)
      const subscribed = await simulator.subscribe(
        `${url}/webhooks/linkedin`,
        { sponsoredAccount: ACCOUNT },
        'SPONSORED',
      )
      expect(subscribed.status).toBe(201)

      // 1. Killed between claiming the step and SMTP acceptance: the server never said 250.
      const held = smtp.holdNext()
      await simulator.submitLead({ answers: { FIRST_NAME: 'Dana', EMAIL: 'dana@prospect.test' } })
      await held
      expect(step(file, 'intro')).toMatchObject({ state: 'due', smtp_accepted_at: null })
      child.kill('SIGKILL')
      await exited(child)

      child = spawnLeadRelay(['start'], env)
      await waitUntilReady(url, child)
      await expect.poll(() => step(file, 'intro')?.state, { timeout: 60_000, interval: 100 }).toBe('sent')
      const introId = step(file, 'intro')?.message_id as string
      expect(smtp.accepted.filter((id) => id === introId)).toHaveLength(1)

      // 2. Killed right after the acceptance was recorded, whatever was left to settle.
      await expect
        .poll(() => step(file, 'nudge')?.smtp_accepted_at ?? null, { timeout: 60_000, interval: 5 })
        .not.toBeNull()
      child.kill('SIGKILL')
      await exited(child)
      child = spawnLeadRelay(['start'], env)
      await waitUntilReady(url, child)
      await new Promise((resolve) => setTimeout(resolve, 2_500)) // past the dead worker's lease
      const nudgeId = step(file, 'nudge')?.message_id as string
      expect(step(file, 'nudge')?.state).toBe('sent')
      expect(smtp.accepted.filter((id) => id === nudgeId)).toHaveLength(1)
      expect(smtp.accepted).toHaveLength(2)
    } finally {
      child.kill('SIGKILL')
      await exited(child)
      await smtp.close()
      await simulator.stop()
    }
  }, 180_000)
})
