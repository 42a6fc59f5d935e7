import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeSlack, startFakeSlack } from '../../test/support/fakes/fake-slack.js'
import { leadAlert, sendContext } from '../../test/support/fakes/lead-alert.js'
import { createManualClock } from '../util/index.js'
import type { LeadAlert } from './channel.js'
import { createSlackChannel, type SlackChannelOptions } from './slack.js'

const BOT_TOKEN = 'xoxb-test-token'
let slack: FakeSlack
const clock = createManualClock(new Date('2026-03-14T16:00:00Z'))

beforeEach(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN })
})
afterEach(async () => {
  await slack.close()
})

const viaWebhook = () => createSlackChannel({ name: 'slack', webhookUrl: slack.webhookUrl, sendTestLeads: true, clock })
const viaBot = (extra: Partial<SlackChannelOptions> = {}) =>
  createSlackChannel({
    name: 'slack-bot',
    botToken: BOT_TOKEN,
    channel: 'C0SALES',
    apiUrl: slack.apiUrl,
    sendTestLeads: true,
    clock,
    ...extra,
  })
const textOf = (blocks: readonly unknown[]) => JSON.stringify(blocks)

describe('Slack by incoming webhook', () => {
  it('posts one Block Kit message with the lead, score, source, time, owner mention and the ack button', async () => {
    const outcome = await viaWebhook().send(leadAlert(), sendContext())
    expect(outcome).toEqual({ kind: 'delivered' })
    expect(slack.problems).toEqual([])
    expect(slack.posts).toHaveLength(1)
    const { blocks, text } = slack.posts[0]!
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'HOT lead: Dana Whitfield' } })
    const all = textOf(blocks)
    for (const part of [
      'VP of Operations at Acme Logistics',
      '85 (HOT)',
      'Demo request / Q3 West',
      '03/14/2026 09:26 AM PDT',
    ]) {
      expect(all).toContain(part)
    }
    expect(all).toContain('<@U0RILEY>')
    expect(text).toContain('<@U0RILEY>')
    const actions = blocks.find((b) => b.type === 'actions')!
    expect(actions.elements[0]).toMatchObject({
      type: 'button',
      action_id: 'ack',
      url: 'https://leadrelay.example/ack/tok-1',
      value: 'lead-1',
      text: { text: "I'm on it" },
    })
    expect(actions.elements[1]).toMatchObject({
      url: 'https://leadrelay.example/leads/lead-1',
      text: { text: 'View lead' },
    })
  })

  it('marks a test lead TEST in the header and the notification text', async () => {
    await viaWebhook().send(leadAlert({ test: true }), sendContext())
    const post = slack.posts[0]!
    expect(post.blocks[0]!.text.text).toMatch(/^TEST · HOT lead/)
    expect(post.text).toMatch(/^TEST · /)
  })

  it('says an escalation is one, and for how long nobody acted', async () => {
    await viaWebhook().send(
      leadAlert({ kind: 'escalation', escalation: { minutesWaiting: 12, level: 1 } }),
      sendContext(),
    )
    const post = slack.posts[0]!
    expect(post.blocks[0]!.text.text).toBe('Escalation · HOT lead: Dana Whitfield')
    expect(textOf(post.blocks)).toContain('nobody has acted on this lead for 12 minutes')
  })

  it('escapes lead data so a name cannot ping the channel', async () => {
    await viaWebhook().send(leadAlert({ name: '<!channel> & <script>' }), sendContext())
    // Header text is plain_text, where Slack reads no mentions; everything in mrkdwn must be escaped.
    const mrkdwn = slack.posts[0]!.blocks.filter((b) => b.type !== 'header')
    const all = textOf(mrkdwn) + slack.posts[0]!.text
    expect(all).not.toContain('<!channel>')
    expect(all).toContain('&lt;!channel&gt; &amp; &lt;script&gt;')
  })

  it('names the owner without a mention when they have no Slack id, and says when nobody owns the lead', async () => {
    await viaWebhook().send(leadAlert({ owner: { id: 'm-2', name: 'Sam Ortiz' } }), sendContext())
    await viaWebhook().send(leadAlert({ owner: null }), sendContext())
    expect(textOf(slack.posts[0]!.blocks)).toContain('*Owner*\\nSam Ortiz')
    expect(textOf(slack.posts[1]!.blocks)).toContain('*Owner*\\nunassigned')
  })

  it('stays within Block Kit limits for a very long name', async () => {
    const outcome = await viaWebhook().send(
      leadAlert({ name: 'N'.repeat(400), jobTitle: 'T'.repeat(4000) }),
      sendContext(),
    )
    expect(outcome).toEqual({ kind: 'delivered' })
    expect(slack.problems).toEqual([])
    expect(slack.posts[0]!.blocks[0]!.text.text.length).toBeLessThanOrEqual(150)
  })

  it('retries a 429 not before Retry-After', async () => {
    slack.answerWebhookWith({ status: 429, body: 'rate_limited', retryAfter: '30' })
    expect(await viaWebhook().send(leadAlert(), sendContext())).toEqual({
      kind: 'retry',
      reason: 'HTTP 429 (rate_limited)',
      notBefore: new Date('2026-03-14T16:00:30Z'),
    })
    expect(slack.posts).toHaveLength(0)
  })

  it('rejects invalid_payload with the code in the reason', async () => {
    slack.answerWebhookWith({ status: 400, body: 'invalid_payload' })
    expect(await viaWebhook().send(leadAlert(), sendContext())).toEqual({
      kind: 'rejected',
      reason: 'HTTP 400 (invalid_payload)',
    })
  })

  it('rejects a 404 channel_not_found', async () => {
    slack.answerWebhookWith({ status: 404, body: 'channel_not_found' })
    expect(await viaWebhook().send(leadAlert(), sendContext())).toEqual({
      kind: 'rejected',
      reason: 'HTTP 404 (channel_not_found)',
    })
  })

  it('reports an archived channel (410) as gone', async () => {
    slack.answerWebhookWith({ status: 410, body: 'channel_is_archived' })
    expect(await viaWebhook().send(leadAlert(), sendContext())).toMatchObject({ kind: 'gone' })
  })

  it('retries a 500 rollup_error', async () => {
    slack.answerWebhookWith({ status: 500, body: 'rollup_error' })
    expect(await viaWebhook().send(leadAlert(), sendContext())).toEqual({
      kind: 'retry',
      reason: 'HTTP 500 (rollup_error)',
    })
  })

  it('does not follow a redirect', async () => {
    slack.answerWebhookWith({ status: 302, body: '' })
    expect(await viaWebhook().send(leadAlert(), sendContext())).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('redirects are not followed'),
    })
  })

  it('retries when Slack cannot be reached', async () => {
    const channel = viaWebhook()
    await slack.close()
    expect(await channel.send(leadAlert(), sendContext())).toMatchObject({
      kind: 'retry',
      reason: expect.stringMatching(/^network error/),
    })
    slack = await startFakeSlack()
  })

  it('sends a burst of 30 alerts as one digest message', async () => {
    const alerts: LeadAlert[] = Array.from({ length: 30 }, (_, i) =>
      leadAlert({
        leadId: `lead-${i}`,
        name: `Lead ${i}`,
        priority: i % 3 === 0 ? 'hot' : 'warm',
        ackUrl: `https://leadrelay.example/ack/t${i}`,
      }),
    )
    const outcome = await viaWebhook().sendDigest!(alerts, sendContext({ idempotencyKey: 'digest-1' }))
    expect(outcome).toEqual({ kind: 'delivered' })
    expect(slack.posts).toHaveLength(1)
    expect(slack.problems).toEqual([])
    const all = textOf(slack.posts[0]!.blocks)
    expect(slack.posts[0]!.text).toBe('30 new leads: 10 hot, 20 warm, 0 cold')
    expect(all).toContain('Lead 19')
    expect(all).not.toContain('Lead 20')
    expect(all).toContain('and 10 more')
    expect(all).toContain("<https://leadrelay.example/ack/t0|I'm on it>")
    expect(all).toContain('<@U0RILEY>')
  })

  it('marks test leads in a digest', async () => {
    await viaWebhook().sendDigest!([leadAlert({ test: true }), leadAlert({ test: true })], sendContext())
    expect(slack.posts[0]!.text).toMatch(/^TEST · 2 new leads/)
    expect(textOf(slack.posts[0]!.blocks)).toContain('[TEST] ')
  })
})

describe('Slack by bot token', () => {
  it('posts with chat.postMessage and reports the message ts', async () => {
    const outcome = await viaBot().send(leadAlert(), sendContext())
    expect(outcome).toEqual({ kind: 'delivered', externalId: '1700000000.000001' })
    expect(slack.posts[0]).toMatchObject({ via: 'api', channel: 'C0SALES' })
    expect(slack.problems).toEqual([])
  })

  it('also DMs the owner when asked', async () => {
    const outcome = await viaBot({ dmOwner: true }).send(leadAlert(), sendContext())
    expect(outcome).toMatchObject({ kind: 'delivered' })
    expect(slack.posts.map((p) => p.channel)).toEqual(['C0SALES', 'U0RILEY'])
  })

  it('DMs the owner alone when no channel is set', async () => {
    const channel = createSlackChannel({
      name: 'dm',
      botToken: BOT_TOKEN,
      dmOwner: true,
      apiUrl: slack.apiUrl,
      sendTestLeads: false,
    })
    expect(await channel.send(leadAlert(), sendContext())).toMatchObject({ kind: 'delivered' })
    expect(slack.posts.map((p) => p.channel)).toEqual(['U0RILEY'])
    expect(await channel.send(leadAlert({ owner: null }), sendContext())).toMatchObject({ kind: 'rejected' })
  })

  it('keeps the channel message delivered when only the DM fails, and says so', async () => {
    await slack.close()
    slack = await startFakeSlack({ botToken: BOT_TOKEN, missingChannels: ['U0GONE'] })
    const failures: unknown[] = []
    const channel = viaBot({ dmOwner: true, onDirectMessageFailed: (outcome) => failures.push(outcome) })
    const outcome = await channel.send(
      leadAlert({ owner: { id: 'm-9', name: 'Gone', slackUserId: 'U0GONE' } }),
      sendContext(),
    )
    expect(outcome).toEqual({ kind: 'delivered', externalId: '1700000000.000001' })
    expect(slack.posts.map((p) => p.channel)).toEqual(['C0SALES'])
    expect(failures).toEqual([{ kind: 'rejected', reason: 'Slack API error: channel_not_found' }])
  })

  it('classifies ratelimited (HTTP 429) as retry after Retry-After', async () => {
    slack.answerApiWith({ status: 429, error: 'ratelimited', retryAfter: '3' })
    expect(await viaBot().send(leadAlert(), sendContext())).toEqual({
      kind: 'retry',
      reason: 'HTTP 429 (ratelimited)',
      notBefore: new Date('2026-03-14T16:00:03Z'),
    })
  })

  it('classifies ok:false ratelimited on HTTP 200 as retry too', async () => {
    slack.answerApiWith({ error: 'ratelimited', retryAfter: '1' })
    expect(await viaBot().send(leadAlert(), sendContext())).toEqual({
      kind: 'retry',
      reason: 'Slack API error: ratelimited',
      notBefore: new Date('2026-03-14T16:00:01Z'),
    })
  })

  it.each(['channel_not_found', 'not_in_channel', 'invalid_blocks'])('rejects ok:false %s', async (error) => {
    slack.answerApiWith({ error })
    expect(await viaBot().send(leadAlert(), sendContext())).toEqual({
      kind: 'rejected',
      reason: `Slack API error: ${error}`,
    })
  })

  it('rejects a wrong token (invalid_auth)', async () => {
    const channel = createSlackChannel({
      name: 'bad',
      botToken: 'xoxb-wrong',
      channel: 'C0SALES',
      apiUrl: slack.apiUrl,
      sendTestLeads: true,
    })
    expect(await channel.send(leadAlert(), sendContext())).toEqual({
      kind: 'rejected',
      reason: 'Slack API error: invalid_auth',
    })
  })

  it('reports an archived channel as gone', async () => {
    slack.answerApiWith({ error: 'is_archived' })
    expect(await viaBot().send(leadAlert(), sendContext())).toMatchObject({ kind: 'gone' })
  })

  it('reports a revoked bot token as gone, so the channel is turned off until someone fixes it', async () => {
    slack.answerApiWith({ error: 'token_revoked' })
    expect(await viaBot().send(leadAlert(), sendContext())).toEqual({
      kind: 'gone',
      reason: 'Slack API error: token_revoked',
    })
  })

  it('is told to wait when it posts twice within a second to one channel', async () => {
    await slack.close()
    slack = await startFakeSlack({ botToken: BOT_TOKEN, enforceOnePerSecond: true })
    expect(await viaBot().send(leadAlert(), sendContext())).toMatchObject({ kind: 'delivered' })
    expect(await viaBot().send(leadAlert(), sendContext())).toEqual({
      kind: 'retry',
      reason: 'HTTP 429 (ratelimited)',
      notBefore: new Date('2026-03-14T16:00:01Z'),
    })
    expect(slack.rateLimited).toBe(1)
  })

  it('sends a digest to the channel only', async () => {
    const outcome = await viaBot({ dmOwner: true }).sendDigest!([leadAlert(), leadAlert()], sendContext())
    expect(outcome).toMatchObject({ kind: 'delivered' })
    expect(slack.posts.map((p) => p.channel)).toEqual(['C0SALES'])
  })
})

describe('createSlackChannel', () => {
  it('refuses a configuration it could not send with', () => {
    expect(() => createSlackChannel({ name: 's', sendTestLeads: true })).toThrow(/webhookUrl or a botToken/)
    expect(() => createSlackChannel({ name: 's', botToken: 'xoxb-1', sendTestLeads: true })).toThrow(/no channel/)
    expect(() =>
      createSlackChannel({
        name: 's',
        webhookUrl: 'https://hooks.slack.com/services/x',
        dmOwner: true,
        sendTestLeads: true,
      }),
    ).toThrow(/dmOwner needs a botToken/)
  })

  it('exposes its name, type and test-lead setting', () => {
    expect(viaWebhook()).toMatchObject({ name: 'slack', type: 'slack', sendTestLeads: true })
  })
})
