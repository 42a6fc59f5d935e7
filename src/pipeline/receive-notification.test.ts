import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../test/support/dialects.js'
import { leadNotification, TEST_SECRET } from '../../test/support/linkedin.js'
import { storedRows } from '../../test/support/test-server.js'
import { signNotification } from '../linkedin/index.js'
import { pruneQuarantined, type Store } from '../store/index.js'
import { createManualClock } from '../util/index.js'
import { createReceiveNotification, type ReceiveNotification } from './receive-notification.js'

describe.each(dialectsUnderTest())('$name: receiving signed bodies', (dialect) => {
  let store: Store
  let cleanup: () => Promise<void>
  let receive: ReceiveNotification
  beforeEach(async () => {
    ;({ store, cleanup } = await dialect.open())
    receive = createReceiveNotification({
      secrets: { current: TEST_SECRET },
      inbox: store.inbox,
      clock: createManualClock(Date.UTC(2026, 11, 1)),
    })
  })
  afterEach(async () => {
    await cleanup()
  })

  const signed = (body: Buffer) => receive({ rawBody: body, signature: signNotification(body, TEST_SECRET) })
  const stored = async () => storedRows(store, 'events')

  it('keeps the exact bytes of a body that is not UTF-8, so the stored body still verifies', async () => {
    const body = Buffer.concat([
      Buffer.from('{"type":"LEAD_ACTION","x":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ])
    expect((await signed(body)).kind).toBe('quarantined')
    const [event] = await stored()
    const bytes = Buffer.from(event?.raw_bytes as Uint8Array)
    expect(bytes.equals(body)).toBe(true)
    expect(signNotification(bytes, TEST_SECRET)).toBe(signNotification(body, TEST_SECRET))
  })

  it('quarantines a signed body holding a NUL byte instead of failing to store it', async () => {
    const body = Buffer.from('{"type":"LEAD_ACTION","leadAction":"\u0000","\u0000":1}')
    const result = await signed(body)
    expect(result.kind).toBe('quarantined')
    const [event] = await stored()
    expect(Buffer.from(event?.raw_bytes as Uint8Array).equals(body)).toBe(true)
    expect(event?.quarantine_reason).not.toContain('\u0000')
  })

  it('quarantines a 32,000-deep JSON body instead of answering 500', async () => {
    const deep = `${'{"a":'.repeat(32_000)}1${'}'.repeat(32_000)}`
    const body = Buffer.from(JSON.stringify(leadNotification()).replace(/}$/, `,"associatedEntity":${deep}}`))
    const result = await signed(body)
    expect(result).toMatchObject({ kind: 'quarantined', reason: expect.stringContaining('deep') })
    expect(await stored()).toHaveLength(1)
  })

  it('refuses the plain-body signature on a body that is not a JSON object (a signed challenge code)', async () => {
    // GET ?challengeCode=<uuid> answers HMAC(secret, uuid): without this rule that answer was a valid
    // plain-body signature of the bare UUID, minting one correctly signed event per fresh UUID.
    const uuid = '0f7ab8d4-7cf5-4c5c-9f6c-5c1b2b0d9a11'
    const result = await receive({
      rawBody: Buffer.from(uuid),
      signature: signNotification(uuid, TEST_SECRET, 'plain-body'),
    })
    expect(result).toEqual({ kind: 'bad-signature', reason: 'mismatch', shaped: false })
    expect(await stored()).toHaveLength(0)
    const object = JSON.stringify(leadNotification())
    const ok = await receive({
      rawBody: Buffer.from(object),
      signature: signNotification(object, TEST_SECRET, 'plain-body'),
    })
    expect(ok.kind).toBe('accepted')
  })

  it('keeps at most the configured number of quarantined bodies, the newest', async () => {
    const capped = createReceiveNotification({
      secrets: { current: TEST_SECRET },
      inbox: store.inbox,
      clock: createManualClock(Date.UTC(2026, 11, 1)),
      quarantine: { limit: 5, prune: (keep) => pruneQuarantined(store.db, keep) },
    })
    for (let i = 0; i < 12; i++) {
      const body = Buffer.from(`not json ${i}`)
      await capped({ rawBody: body, signature: signNotification(body, TEST_SECRET) })
    }
    const valid = Buffer.from(JSON.stringify(leadNotification()))
    await capped({ rawBody: valid, signature: signNotification(valid, TEST_SECRET) })
    const events = await stored()
    const quarantined = events.filter((e) => e.status === 'quarantined')
    expect(quarantined.length).toBeLessThanOrEqual(5)
    expect(quarantined.map((e) => Buffer.from(e.raw_bytes as Uint8Array).toString())).toContain('not json 11')
    expect(events.filter((e) => e.status === 'queued')).toHaveLength(1)
  })
})
