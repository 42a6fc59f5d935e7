import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { currentVersion } from '../src/simulator/index.js'
import { systemClock } from '../src/util/clock.js'
import { REPO_ROOT } from './support/child-process.js'
import { API_TOKEN, CLIENT_ID, CLIENT_SECRET, startWorld, type World } from './support/relay-with-simulator.js'

let world: World
beforeEach(async () => {
  world = await startWorld()
})
afterEach(async () => {
  await world.close()
})

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${world.relayUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>) }
}

describe('subscriptions and owners', () => {
  it('lists the owners the token reaches, with the lead types each allows', async () => {
    const { body } = await call('GET', '/api/owners')
    const owners = body?.owners as { urn: string; role: string; leadTypes: string[]; name: string | null }[]
    expect(owners).toContainEqual(
      expect.objectContaining({
        urn: 'urn:li:sponsoredAccount:1234567',
        role: 'ACCOUNT_MANAGER',
        leadTypes: ['SPONSORED'],
      }),
    )
    expect(owners.find((o) => o.urn.startsWith('urn:li:organization:'))?.leadTypes).toEqual([
      'EVENT',
      'COMPANY',
      'ORGANIZATION_PRODUCT',
    ])
  })

  it('subscribes (LinkedIn challenges first, and the challenge is recorded), lists, revalidates and unsubscribes', async () => {
    const organization = world.simulator.owners.organizations[0]?.urn as string
    const created = await call('POST', '/api/subscriptions', {
      owner: organization,
      leadType: 'EVENT',
      webhook: `${world.relayUrl}/webhooks/linkedin`,
    })
    expect(created.status).toBe(201)
    const id = created.body?.id as string

    await expect
      .poll(
        async () => ((await call('GET', '/api/status')).body?.lastChallenge as { outcome?: string } | null)?.outcome,
      )
      .toBe('answered')

    const listed = (await call('GET', '/api/subscriptions')).body?.subscriptions as {
      id: string
      onLinkedIn: boolean
    }[]
    expect(listed).toContainEqual(expect.objectContaining({ id, onLinkedIn: true }))

    const status = (await call('GET', '/api/status')).body as {
      subscriptions: { id: string }[]
      linkedin: { connected: boolean }
    }
    expect(status.subscriptions.map((s) => s.id)).toContain(id)
    expect(status.linkedin.connected).toBe(true)

    const revalidated = (await call('POST', '/api/subscriptions/revalidate')).body?.results as {
      old: string
      new?: string
    }[]
    const renewed = revalidated.find((r) => r.old === id)?.new as string
    expect(renewed).toBeDefined()
    expect(renewed).not.toBe(id)

    expect((await call('DELETE', `/api/subscriptions/${renewed}`)).status).toBe(204)
    const after = (await call('GET', '/api/subscriptions')).body?.subscriptions as { id: string }[]
    expect(after.map((s) => s.id)).not.toContain(renewed)
  })

  it('says why LinkedIn refused a subscription', async () => {
    const res = await call('POST', '/api/subscriptions', {
      owner: 'urn:li:sponsoredAccount:1234567',
      leadType: 'EVENT',
      webhook: `${world.relayUrl}/webhooks/linkedin`,
    })
    expect(res.status).toBe(400)
    expect(String(res.body?.message)).toMatch(/LinkedIn \/rest\/leadNotifications: 400/)
  })
})

describe('the subscription walkthrough on the command line', () => {
  it('goes from owners to a subscription, and status shows it', async () => {
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: world.databaseUrl,
          LINKEDIN_CLIENT_ID: CLIENT_ID,
          LINKEDIN_CLIENT_SECRET: CLIENT_SECRET,
          LINKEDIN_API_URL: world.simulatorUrl,
          LINKEDIN_OAUTH_URL: world.simulatorUrl,
          LINKEDIN_VERSION: currentVersion(systemClock),
          LEADRELAY_SECRET_KEY: 'e2e-secret-key-0123456789',
          PUBLIC_URL: world.relayUrl,
        },
      })
    const owners = await run(['owners'])
    expect(owners.stdout).toMatch(/^urn:li:sponsoredAccount:1234567\s+.*ACCOUNT_MANAGER\s+SPONSORED$/m)
    const subscribed = await run([
      'subscribe',
      '--owner',
      'urn:li:sponsoredAccount:1234567',
      '--lead-type',
      'SPONSORED',
    ])
    expect(subscribed.stdout).toContain(`subscribed ${world.relayUrl}/webhooks/linkedin to SPONSORED leads`)
    const listed = await run(['subscriptions'])
    expect(listed.stdout).toMatch(/SPONSORED\s+all\s+http:\/\/127\.0\.0\.1:\d+\/webhooks\/linkedin\s+yes/)
    const status = await run(['status'])
    expect(status.stdout).toMatch(/last challenge:\s+\S+ \(answered/)
    expect(status.stdout).toContain('linkedin:         connected')
    // Ours next to LinkedIn's list as the health check last stored it (the CLI itself never asks LinkedIn).
    expect(status.stdout).toMatch(/^at linkedin: {6}[\s\S]*?\d+ \(SPONSORED\): (matching|not checked yet)$/m)
    // Four CLI processes, each starting through tsx: over 30 s on a loaded machine.
  }, 90_000)
})
