import { afterEach, describe, expect, it } from 'vitest'
import { signSlack } from '../src/util/slack-signature.js'
import { type FakeSlack, startFakeSlack } from './support/fakes/fake-slack.js'
import { type SequenceWorld, startSequenceWorld } from './support/sequence-world.js'

let w: SequenceWorld | undefined
let slack: FakeSlack | undefined
afterEach(async () => {
  await w?.close()
  await slack?.close()
  w = slack = undefined
})

async function until(check: () => Promise<boolean> | boolean, timeout = 15_000) {
  await expect.poll(check, { timeout, interval: 50 }).toBe(true)
}

const BOT = 'xoxb-test-bot-token'
const SIGNING_SECRET = 'slack-signing-secret-for-tests'

describe('task steps', () => {
  it('tells the owner by Slack DM (retrying a 429); the outcome button in Slack starts the branch at once', async () => {
    slack = await startFakeSlack({ botToken: BOT })
    // The first attempts (the lead alert's and the task DM's) are rate limited: the notice waits out
    // Retry-After like any delivery.
    slack.answerApiWith(
      { status: 429, error: 'ratelimited', retryAfter: '1' },
      { status: 429, error: 'ratelimited', retryAfter: '1' },
    )
    w = await startSequenceWorld({
      steps: `
      - id: connect
        type: task
        task: linkedin-connect
        text: "Send {{ lead.firstName }} a LinkedIn connection request"
        message: "Hi {{ lead.firstName }}, thanks for your interest in a demo. Happy to connect here too. {{ owner.firstName }}"
        next: { accepted: thanks }
      - { id: pause, type: wait, wait: 600 }
      - { id: thanks, type: email, subject: "Thanks for connecting", body: "Hi {{ lead.firstName }}, glad we are connected." }`,
      env: { SLACK_SIGNING_SECRET: SIGNING_SECRET },
      extraYaml: `channels:
  - { type: slack, name: sales-slack, botToken: ${BOT}, channel: C0SALES, apiUrl: "${slack.apiUrl}" }`,
    })
    const leadId = await w.hotLead('dana@prospect.test')
    await until(() => (slack?.posts.filter((p) => p.channel === 'U0ANN').length ?? 0) === 1)
    const dm = slack.posts.find((p) => p.channel === 'U0ANN')
    expect(dm?.text).toContain('Send Dana a LinkedIn connection request')
    expect(dm?.text).toContain('Hi Dana, thanks for your interest in a demo.')
    expect(dm?.text).toContain(`http://leadrelay.example/leads/${leadId}`)
    const notice = (
      await w.world.api<{ deliveries: { channel: string; attempts: number; state: string }[] }>(
        `/api/deliveries?lead=${leadId}`,
      )
    ).body.deliveries.find((d) => d.channel === 'sequence-notice')
    expect(notice).toMatchObject({ state: 'delivered', attempts: 2 })

    const running = await w.sequence(leadId)
    expect(running.steps.map((s) => [s.id, s.state])).toEqual([
      ['connect', 'due'],
      ['pause', 'pending'],
      ['thanks', 'pending'],
    ])
    // No LinkedIn automation: nothing was sent anywhere but to the rep.
    expect(w.smtp.messages).toHaveLength(0)

    const wrong = await w.post(`/api/leads/${leadId}/sequence/steps/connect/done`, { outcome: 'maybe' })
    expect(wrong).toMatchObject({ status: 400, body: { message: 'outcome must be one of: accepted, no response' } })
    // The rep presses "accepted" in the DM: Slack posts the signed interactivity request.
    const actions = dm?.blocks.find((b) => b.type === 'actions')?.elements as {
      text: { text: string }
      action_id: string
      value: string
    }[]
    expect(actions.map((a) => a.text.text)).toEqual(['accepted', 'no response', 'Stop sequence'])
    const accepted = actions[0] as { action_id: string; value: string }
    const body = `payload=${encodeURIComponent(JSON.stringify({ user: { id: 'U0ANN' }, actions: [accepted] }))}`
    const timestamp = Math.floor(Date.now() / 1000)
    const pressed = await fetch(`${w.world.relayUrl}/slack/interactivity`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': `v0=${signSlack(body, timestamp, SIGNING_SECRET)}`,
      },
      body,
    })
    expect(pressed.status).toBe(200)
    expect(((await pressed.json()) as { text: string }).text).toBe('Marked done: accepted (started thanks).')
    await until(() => w?.smtp.messages.length === 1)
    expect(w.smtp.messages[0]?.header('subject')).toBe('Thanks for connecting')
    const after = await w.sequence(leadId)
    expect(after.steps.find((s) => s.id === 'connect')).toMatchObject({ state: 'done' })
    expect(after.steps.find((s) => s.id === 'thanks')).toMatchObject({ state: 'sent' })
    expect((await w.post(`/api/leads/${leadId}/sequence/steps/connect/done`, { outcome: 'accepted' })).status).toBe(409)
  })
})
