import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildTestServer, type TestServer } from '../../../test/support/test-server.js'
import { addUsers, PASSWORD, TEAM_YAML } from '../../../test/support/web-fixtures.js'
import { signIn, type WebSession } from '../../../test/support/web-session.js'
import { subscriptionsRepository } from '../../store/index.js'

let server: TestServer
let linkedin: Server
let linkedinCalls: string[]
let now: number

// A LinkedIn that records and fails every call: the Health page must make none.
beforeEach(async () => {
  linkedinCalls = []
  linkedin = createServer((request, response) => {
    linkedinCalls.push(`${request.method} ${request.url}`)
    response.writeHead(500).end()
  })
  await new Promise<void>((resolve) => linkedin.listen(0, '127.0.0.1', resolve))
  server = await buildTestServer({
    yaml: TEAM_YAML,
    linkedinUrl: `http://127.0.0.1:${(linkedin.address() as AddressInfo).port}`,
  })
  now = server.clock.now().getTime()
  await addUsers(server.store, now)
})
afterEach(async () => {
  await server.close()
  await new Promise((resolve) => linkedin.close(resolve))
})

const get = (session: WebSession, url: string) => server.app.inject({ url, headers: { cookie: session.cookie } })

describe("Health: LinkedIn's webhook state (developerWebhooks)", () => {
  it("notes a refused developerWebhooks call without turning the comparison amber, and marks a BLOCKED webhook's subscription red", async () => {
    const owner = JSON.stringify({ sponsoredAccount: 'urn:li:sponsoredAccount:1' })
    const webhook = 'https://relay.example.com/webhooks/linkedin'
    await subscriptionsRepository.saveSubscription(server.store.db, {
      ...{ id: '601', owner, lead_type: 'SPONSORED', versioned_form: null, webhook, created_at: now - 86_400_000 },
      removed_at: null,
    })
    const listed = [{ id: '601', owner: JSON.parse(owner), leadType: 'SPONSORED', webhook }]
    await subscriptionsRepository.saveSnapshot(server.store.db, { owner, leadType: 'SPONSORED' }, listed, now)
    await subscriptionsRepository.saveWebhookStatuses(server.store.db, { error: 'LinkedIn refused (403)' }, now)
    const admin = await signIn(server.app, 'admin@example.com', PASSWORD)
    const refused = (await get(admin, '/health')).body
    expect(refused).toContain('developerWebhooks): never fetched; last check')
    expect(refused).toContain('failed: LinkedIn refused (403)')
    expect(refused).toContain('<span class="badge ok">matching</span>')
    const blocked = [{ developerApplication: null, webhookUrl: webhook, webhookStatus: 'BLOCKED' }]
    await subscriptionsRepository.saveWebhookStatuses(server.store.db, { elements: blocked }, now)
    const page = (await get(admin, '/health')).body
    const row = /<th scope="row">601<\/th>(.*?)<\/tr>/s.exec(page)?.[1] ?? ''
    expect(row).toContain('<span class="badge bad">BLOCKED at LinkedIn</span>')
    expect(row).toContain('<span class="badge bad">not active at LinkedIn</span>')
    expect(page).toContain('leadrelay subscriptions revalidate')
    expect(linkedinCalls).toEqual([])
  })
})
