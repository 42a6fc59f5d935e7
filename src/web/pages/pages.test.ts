import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signedHeaders } from '../../../test/support/linkedin.js'
import { buildTestServer, type TestServer } from '../../../test/support/test-server.js'
import { addUsers, insertLeads, leadRow, PASSWORD, TEAM_YAML } from '../../../test/support/web-fixtures.js'
import { postForm, signIn, type WebSession } from '../../../test/support/web-session.js'
import { deliveriesRepository, leadsRepository, subscriptionsRepository } from '../../store/index.js'

let server: TestServer
let linkedin: Server
let linkedinCalls: string[]
let now: number

const ROUTING = JSON.stringify({
  score: {
    score: 85,
    priority: 'hot',
    contributions: [{ rule: 'Decision maker', points: 30, explanation: 'jobTitle matches /vp/' }],
  },
  decision: {
    ownerId: 'ana',
    ruleName: 'West',
    strategy: 'round-robin',
    ownerUnavailable: null,
    reasons: [],
    skipped: [{ memberId: 'ben', reason: 'outside-working-hours', rule: 'West' }],
  },
})

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
  await insertLeads(server.store, [
    leadRow('l1', now - 600_000, {
      owner_id: 'ana',
      name: 'Ada Byron',
      priority: 'hot',
      score: 85,
      routing: ROUTING,
      custom_answers: JSON.stringify([{ questionId: 1, question: 'Budget?', answer: '$50k' }]),
      consents: JSON.stringify([{ id: 1, text: 'Contact me about products', accepted: true }]),
      hidden_fields: JSON.stringify({ utm_source: 'linkedin-q4' }),
    }),
    leadRow('l2', now - 300_000, { owner_id: 'ben', name: 'Bea Stone' }),
    leadRow('gone', now - 200_000, {
      owner_id: 'ana',
      status: 'deleted',
      fields: null,
      search_text: null,
      deleted_at: now - 100_000,
    }),
  ])
  const dead = await deliveriesRepository.createDelivery(server.store.db, {
    leadId: 'l1',
    channel: 'crm-hook',
    kind: 'new-lead',
    state: 'dead',
    at: now,
    reason: 'HTTP 422: invalid owner',
  })
  expect(dead).toBeDefined()
})
afterEach(async () => {
  await server.close()
  await new Promise((resolve) => linkedin.close(resolve))
})

const get = (session: WebSession, url: string) => server.app.inject({ url, headers: { cookie: session.cookie } })

describe('lead page', () => {
  it('shows answers, consents, hidden fields, the score with its rules, the routing explanation and the timeline', async () => {
    const session = await signIn(server.app, 'manager@example.com', PASSWORD)
    const res = await get(session, '/leads/l1')
    expect(res.statusCode).toBe(200)
    for (const text of [
      'Ada Byron',
      'Budget?',
      '$50k',
      'Contact me about products',
      'utm_source',
      'linkedin-q4',
      'Decision maker',
      'jobTitle matches /vp/',
      'routed by rule &#34;West&#34; (round-robin): ben skipped (outside working hours), ana assigned',
      'Ben Cole: outside working hours (rule &#34;West&#34;)',
      'HTTP 422: invalid owner',
      'received',
    ]) {
      expect(res.body).toContain(text)
    }
    expect(res.body).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} [AP]M E[SD]T/)
  })

  it('shows a deleted lead as a tombstone without personal data', async () => {
    const session = await signIn(server.app, 'manager@example.com', PASSWORD)
    const res = await get(session, '/leads/gone')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Deleted lead')
    expect(res.body).toContain('personal data was erased')
    expect(res.body).not.toContain('gone@acme.com')
    expect(res.body).not.toContain('Acknowledge')
  })

  it("answers 404 to a rep opening someone else's lead, as for a lead that does not exist", async () => {
    const ana = await signIn(server.app, 'ana@example.com', PASSWORD)
    expect((await get(ana, '/leads/l2')).statusCode).toBe(404)
    expect((await get(ana, '/leads/nope')).statusCode).toBe(404)
    expect((await get(ana, '/leads/l1')).statusCode).toBe(200)
    expect((await postForm(server.app, ana, '/leads/l2/acknowledge', {})).statusCode).toBe(404)
    expect((await leadsRepository.getLead(server.store.db, 'l2'))?.acked_at).toBeNull()
  })

  it('records an acknowledgement once, by the rep, on the timeline', async () => {
    const ana = await signIn(server.app, 'ana@example.com', PASSWORD)
    const first = await postForm(server.app, ana, '/leads/l1/acknowledge', {})
    expect(first.statusCode).toBe(303)
    expect(first.headers.location).toBe('/leads/l1?done=acknowledged')
    const again = await postForm(server.app, ana, '/leads/l1/acknowledge', {})
    expect(again.headers.location).toBe('/leads/l1?done=already-acknowledged')
    const lead = await leadsRepository.getLead(server.store.db, 'l1')
    expect(lead?.acked_by).toBe('ana')
    const timeline = await leadsRepository.getTimeline(server.store.db, 'l1')
    expect(timeline.filter((t) => t.kind === 'acknowledged').map((t) => t.detail)).toEqual(['by ana via dashboard'])
  })

  it('reassigns a lead, and a rep who gives theirs away no longer sees it', async () => {
    const ana = await signIn(server.app, 'ana@example.com', PASSWORD)
    const res = await postForm(server.app, ana, '/leads/l1/reassign', { member: 'ben' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/leads')
    expect((await leadsRepository.getLead(server.store.db, 'l1'))?.owner_id).toBe('ben')
    expect((await get(ana, '/leads/l1')).statusCode).toBe(404)
    const manager = await signIn(server.app, 'manager@example.com', PASSWORD)
    expect((await postForm(server.app, manager, '/leads/l1/reassign', { member: 'zed' })).statusCode).toBe(400)
  })

  it('refuses reassignment by reps when DASHBOARD_REPS_CAN_REASSIGN is false', async () => {
    await server.close()
    server = await buildTestServer({ yaml: TEAM_YAML, env: { DASHBOARD_REPS_CAN_REASSIGN: 'false' } })
    await addUsers(server.store, now)
    await insertLeads(server.store, [leadRow('l1', now, { owner_id: 'ana' })])
    const ana = await signIn(server.app, 'ana@example.com', PASSWORD)
    expect((await get(ana, '/leads/l1')).body).not.toContain('Reassign to')
    expect((await postForm(server.app, ana, '/leads/l1/reassign', { member: 'ben' })).statusCode).toBe(403)
    expect((await leadsRepository.getLead(server.store.db, 'l1'))?.owner_id).toBe('ana')
  })
})

describe('Deliveries', () => {
  it('lists dead letters with their last error and replays the selected ones', async () => {
    const manager = await signIn(server.app, 'manager@example.com', PASSWORD)
    const page = await get(manager, '/deliveries')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('HTTP 422: invalid owner')
    expect(page.body).toContain('<svg class="chart"')
    const [dead] = await deliveriesRepository.listDeliveries(server.store.db, { state: 'dead', limit: 1 })
    const res = await postForm(server.app, manager, '/deliveries/replay', { id: String(dead?.id), back: '/deliveries' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/deliveries?done=replayed')
    const after = await deliveriesRepository.getDelivery(server.store.db, dead?.id as number)
    expect(after?.state).toBe('pending')
    expect(after?.last_error).toBeNull()
  })

  it('is for managers and admins: a rep gets 403 and replays nothing', async () => {
    const ana = await signIn(server.app, 'ana@example.com', PASSWORD)
    expect((await get(ana, '/deliveries')).statusCode).toBe(403)
    const [dead] = await deliveriesRepository.listDeliveries(server.store.db, { state: 'dead', limit: 1 })
    expect((await postForm(server.app, ana, `/deliveries/${dead?.id}/replay`, {})).statusCode).toBe(403)
    expect((await deliveriesRepository.getDelivery(server.store.db, dead?.id as number))?.state).toBe('dead')
  })
})

describe('Health, Events and Rules', () => {
  it('shows the status at a glance and re-enables a disabled channel', async () => {
    await server.close()
    server = await buildTestServer({
      yaml: `${TEAM_YAML}\nchannels:\n  - { type: webhook, name: crm-hook, url: "http://127.0.0.1:9/hook", secret: "whsec_dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQ=" }\n`,
    })
    await addUsers(server.store, now)
    await deliveriesRepository.disableChannel(server.store.db, 'crm-hook', 'HTTP 410 gone', now)
    const admin = await signIn(server.app, 'admin@example.com', PASSWORD)
    const page = await get(admin, '/health')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('crm-hook: HTTP 410 gone')
    expect(page.body).toContain('LinkedIn has not challenged the webhook yet.')
    const res = await postForm(server.app, admin, '/health/channels/crm-hook/enable', {})
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/health?done=enabled')
    const unknown = await postForm(server.app, admin, '/health/channels/nope/enable', {})
    expect(unknown.headers.location).toBe('/health?done=unknown-channel')
    expect((await deliveriesRepository.disabledChannels(server.store.db)).size).toBe(0)
  })

  it("shows each subscription next to LinkedIn's stored list: matching, missing, BLOCKED in red, unknown, and the list's age", async () => {
    const owner = JSON.stringify({ sponsoredAccount: 'urn:li:sponsoredAccount:1' })
    const webhook = 'https://relay.example.com/webhooks/linkedin'
    for (const id of ['501', '502', '503'])
      await subscriptionsRepository.saveSubscription(server.store.db, {
        ...{ id, owner, lead_type: 'SPONSORED', versioned_form: null, webhook, created_at: now - 86_400_000 },
        removed_at: null,
      })
    const element = (id: string, extra: object = {}) => ({
      id,
      owner: JSON.parse(owner),
      leadType: 'SPONSORED',
      webhook,
      ...extra,
    })
    await subscriptionsRepository.saveSnapshot(
      server.store.db,
      { owner, leadType: 'SPONSORED' },
      [
        element('501'),
        element('502', { status: 'BLOCKED' }),
        element('777', { webhook: 'https://other.example.com/hook' }),
      ],
      now - 20 * 60_000,
    )
    const admin = await signIn(server.app, 'admin@example.com', PASSWORD)
    const page = (await get(admin, '/health')).body
    const row = (id: string) => new RegExp(`<th scope="row">${id}</th>(.*?)</tr>`, 's').exec(page)?.[1] ?? ''
    expect(row('501')).toContain('<span class="badge ok">matching</span>')
    expect(row('502')).toContain('<span class="badge bad">BLOCKED</span>')
    expect(row('502')).toContain('<span class="badge bad">not active at LinkedIn</span>')
    expect(row('503')).toContain('not listed')
    expect(row('503')).toContain('<span class="badge bad">missing at LinkedIn</span>')
    expect(row('777')).toContain('https://other.example.com/hook')
    expect(row('777')).toContain('unknown to us')
    expect(page).toContain('LinkedIn&#39;s list for urn:li:sponsoredAccount:1 · SPONSORED: fetched 20m ago')
    expect(page).toMatch(/<h2 id="h-webhook">.*?<span class="badge bad">Problem<\/span>/s)
    expect(linkedinCalls).toEqual([])
  })

  it('lists quarantined notifications with their reason', async () => {
    const body = '{"not": "a lead notification"}'
    const received = await server.app.inject({
      method: 'POST',
      url: '/webhooks/linkedin',
      payload: body,
      headers: signedHeaders(body),
    })
    expect(received.statusCode).toBe(202)
    const admin = await signIn(server.app, 'admin@example.com', PASSWORD)
    const page = await get(admin, '/events?status=quarantined')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('quarantined')
    expect(page.body).toContain('type: Invalid input: expected &#34;LEAD_ACTION&#34;')
    expect(page.body).toContain('Raw notification')
    expect(page.body).toContain('a lead notification')
  })

  it('shows the team and tests candidate rules on a stored lead without changing it', async () => {
    const manager = await signIn(server.app, 'manager@example.com', PASSWORD)
    const page = await get(manager, '/rules')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Ana Ortiz')
    expect(page.body).toContain('Otherwise: Sam Reed (fallback owner).')
    const yaml = `${TEAM_YAML}\nscoring:\n  rules:\n    - { name: VPs, when: { field: jobTitle, contains: vp }, points: 75 }\n`
    const res = await postForm(server.app, manager, '/rules/lab', { yaml, action: 'test', lead: 'l2' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('score 75 (hot): VPs +75')
    expect((await leadsRepository.getLead(server.store.db, 'l2'))?.score).toBeNull()
    const bad = await postForm(server.app, manager, '/rules/lab', { yaml: 'team: [', action: 'test', lead: 'l2' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('not valid YAML')
  })

  it('never calls LinkedIn while any page is viewed', async () => {
    const admin = await signIn(server.app, 'admin@example.com', PASSWORD)
    for (const url of ['/leads', '/leads/l1', '/leads/gone', '/deliveries', '/health', '/rules', '/events']) {
      expect((await get(admin, url)).statusCode, url).toBe(200)
    }
    expect(linkedinCalls).toEqual([])
  })
})
