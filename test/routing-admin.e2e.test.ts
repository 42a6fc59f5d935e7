import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signSlack } from '../src/util/slack-signature.js'
import { REPO_ROOT } from './support/child-process.js'
import { startWebhookReceiver, type WebhookReceiver } from './support/fakes/webhook-receiver.js'
import { API_TOKEN, startWorld, type World } from './support/relay-with-simulator.js'

const SECRET = `whsec_${Buffer.from('routing-admin-e2e-secret-0123456').toString('base64')}`
const SLACK_SIGNING_SECRET = 'slack-signing-secret-for-tests'
const TEAM = `
team:
  members:
    - { id: ann, name: Ann West, slackUserId: U0ANN, timeZone: America/Los_Angeles }
    - { id: bob, name: Bob East, slackUserId: U0BOB, timeZone: America/New_York }
  fallbackOwner: bob
scoring:
  rules:
    - { name: Decision maker, when: { field: jobTitle, regex: "vp|chief|founder" }, points: 80 }
routing:
  rules:
    - { name: Everyone, assign: { owner: ann }, respectWorkingHours: false }
`

let world: World
let receiver: WebhookReceiver
const dir = mkdtempSync(join(tmpdir(), 'leadrelay-rules-'))
beforeEach(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET })
  world = await startWorld({
    yaml: `${TEAM}channels:\n  - { type: webhook, name: hook, url: "${receiver.url}", secret: "${SECRET}", sendTestLeads: false }\n`,
    env: { SLACK_SIGNING_SECRET, ESCALATE_HOT_MINUTES: '0', ESCALATE_WARM_MINUTES: '0' },
  })
})
afterEach(async () => {
  await world.close()
  await receiver.close()
})

async function settled(id: string) {
  await expect
    .poll(
      async () =>
        (await world.relay.store.db.selectFrom('leads').select('assigned_at').where('id', '=', id).executeTakeFirst())
          ?.assigned_at ?? null,
      {
        timeout: 15_000,
      },
    )
    .not.toBeNull()
}

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${world.relayUrl}${path}`, { method: 'POST', body, headers })

describe('routing administration', () => {
  it('reassigns a lead through the API and records it', async () => {
    const { lead } = await world.simulator.submitLead()
    await settled(lead.id)
    const res = await post(`/api/leads/${lead.id}/assign`, JSON.stringify({ member: 'bob', by: 'sales-ops' }), {
      authorization: `Bearer ${API_TOKEN}`,
      'content-type': 'application/json',
    })
    expect(res.status).toBe(200)
    const view = (await res.json()) as {
      ownerId: string
      timeline: { kind: string; detail: string }[]
      routing: { reassignments: unknown[] }
    }
    expect(view.ownerId).toBe('bob')
    expect(view.timeline.at(-1)).toMatchObject({ kind: 'reassigned', detail: 'from ann to bob by sales-ops' })
    expect(view.routing.reassignments).toHaveLength(1)
    const unknown = await post(`/api/leads/${lead.id}/assign`, JSON.stringify({ member: 'zed' }), {
      authorization: `Bearer ${API_TOKEN}`,
      'content-type': 'application/json',
    })
    expect(unknown.status).toBe(400)
  })

  it("acknowledges from Slack's button only with a valid X-Slack-Signature", async () => {
    const { lead } = await world.simulator.submitLead()
    await settled(lead.id)
    const body = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U0ANN' }, actions: [{ action_id: 'ack', value: lead.id }] }))}`
    const timestamp = Math.floor(Date.now() / 1000)
    const headers = (signature: string, at = timestamp) => ({
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(at),
      'x-slack-signature': signature,
    })
    expect((await post('/slack/interactivity', body, headers('v0=deadbeef'))).status).toBe(401)
    const stale = timestamp - 600
    expect(
      (await post('/slack/interactivity', body, headers(`v0=${signSlack(body, stale, SLACK_SIGNING_SECRET)}`, stale)))
        .status,
    ).toBe(401)
    const ok = await post(
      '/slack/interactivity',
      body,
      headers(`v0=${signSlack(body, timestamp, SLACK_SIGNING_SECRET)}`),
    )
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as { text: string }).text).toContain('the lead is yours')
    const row = await world.relay.store.db
      .selectFrom('leads')
      .select(['acked_by'])
      .where('id', '=', lead.id)
      .executeTakeFirstOrThrow()
    expect(row.acked_by).toBe('ann')
  })

  it('mutes test leads on a channel that says so', async () => {
    const { lead } = await world.simulator.submitLead({ testLead: true })
    await settled(lead.id)
    const rows = await world.relay.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('lead_id', '=', lead.id)
      .execute()
    expect(rows).toMatchObject([{ channel: 'hook', state: 'muted' }])
    expect(receiver.attempts).toHaveLength(0)
  })

  it('tests and replays a candidate rules file without changing anything', async () => {
    const { lead: vp } = await world.simulator.submitLead({ answers: { JOB_TITLE: 'VP Marketing' } })
    const { lead: intern } = await world.simulator.submitLead({ answers: { JOB_TITLE: 'Intern' } })
    await settled(vp.id)
    await settled(intern.id)
    const candidate = join(dir, 'candidate.yaml')
    writeFileSync(
      candidate,
      TEAM.replace('assign: { owner: ann }', 'assign: { owner: bob }').replace('points: 80', 'points: 30'),
    )
    const config = join(dir, 'current.yaml')
    writeFileSync(config, TEAM)
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: world.databaseUrl, LEADRELAY_CONFIG: config },
      })
    const tested = await run(['rules', 'test', candidate, '--lead', vp.id])
    expect(tested.stdout).toContain('Decision maker +30')
    expect(tested.stdout).toContain('bob')
    expect(tested.stdout).toContain('(today this lead is owned by ann)')

    const replayed = await run(['rules', 'replay', candidate, '--since', '1d'])
    expect(replayed.stdout).toMatch(/^ann\s+2\s+0\s+-2$/m)
    expect(replayed.stdout).toMatch(/^bob\s+0\s+2\s+\+2$/m)
    expect(replayed.stdout).toContain('2 leads would move to another owner')
    expect(replayed.stdout).toContain('1 leads would change priority')
    const owners = await world.relay.store.db.selectFrom('leads').select('owner_id').execute()
    expect(owners.map((o) => o.owner_id)).toEqual(['ann', 'ann'])

    writeFileSync(candidate, TEAM.replace('assign: { owner: ann }', 'assign: { roundRobin: [ann, zed] }'))
    await expect(run(['rules', 'test', candidate, '--lead', vp.id])).rejects.toMatchObject({
      stderr: expect.stringContaining('routing.rules[0].assign.roundRobin[1]: unknown team member "zed"'),
    })
  })
})
