import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDeveloperWebhooksClient, createRestTransport, LinkedInApiError } from '../src/linkedin/index.js'
import { type FakeReceiver, startFakeReceiver } from '../src/simulator/fake-receiver.js'
import { currentVersion } from '../src/simulator/index.js'
import { TEST_SECRET, TEST_TOKEN, testSimulator } from '../src/simulator/test-helpers.js'

let sim: ReturnType<typeof testSimulator>
let url: string
let receiver: FakeReceiver

const client = () =>
  createDeveloperWebhooksClient(
    createRestTransport({
      baseUrl: url,
      version: currentVersion(sim.clock),
      timeoutMs: 5000,
      accessToken: async () => TEST_TOKEN,
      refreshAccessToken: async () => TEST_TOKEN,
      clock: sim.clock,
    }),
  )

beforeEach(async () => {
  sim = testSimulator({ revalidateEveryMs: 1000 })
  url = await sim.simulator.start(0)
  receiver = await startFakeReceiver(TEST_SECRET)
  expect((await sim.simulator.subscribe(receiver.url)).status).toBe(201)
})
afterEach(async () => {
  await receiver.close()
  await sim.simulator.stop()
})

describe('developerWebhooks client', () => {
  it('reads ACTIVE, then BLOCKED after three failed challenges', async () => {
    expect(await client().list()).toEqual([
      {
        developerApplication: 'urn:li:developerApplication:12345678',
        webhookUrl: receiver.url,
        webhookStatus: 'ACTIVE',
      },
    ])
    receiver.behaviour.challenge = 'wrong'
    for (let i = 0; i < 3; i++) {
      sim.clock.advance(1000)
      await sim.simulator.tick()
    }
    expect(await client().listByStatus('BLOCKED')).toMatchObject([
      { webhookUrl: receiver.url, webhookStatus: 'BLOCKED' },
    ])
    expect(await client().listByStatus('ACTIVE')).toEqual([])
  })

  it('turns a 403 into a forbidden error that names the missing permission', async () => {
    sim.simulator.faults.add({ endpoint: 'developerWebhooks', kind: '403', count: 2, retryAfterSeconds: 1, delayMs: 0 })
    const error = await client()
      .list()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LinkedInApiError)
    expect((error as LinkedInApiError).kind).toBe('forbidden')
    expect((error as Error).message).toMatch(/developer application permission/)
  })
})
