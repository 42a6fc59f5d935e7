import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { adaptiveCardProblems, type FakeTeams, startFakeTeams } from '../../test/support/fakes/fake-teams.js'
import { leadAlert, sendContext } from '../../test/support/fakes/lead-alert.js'
import { createManualClock } from '../util/index.js'
import { createTeamsChannel } from './teams.js'
import { teamsLeadMessage } from './teams-card.js'

const clock = createManualClock(new Date('2026-03-14T16:00:00Z'))
let teams: FakeTeams

beforeEach(async () => {
  teams = await startFakeTeams()
})
afterEach(async () => {
  await teams.close()
})

const channel = () => createTeamsChannel({ name: 'teams', webhookUrl: teams.webhookUrl, sendTestLeads: true, clock })

describe('Microsoft Teams', () => {
  it('posts one valid Adaptive Card with the lead, score, source, time, owner and the ack link', async () => {
    const outcome = await channel().send(leadAlert(), sendContext())
    expect(outcome).toEqual({ kind: 'delivered' })
    expect(teams.problems).toEqual([])
    expect(teams.cards).toHaveLength(1)
    const card = teams.cards[0]
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' })
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'HOT lead: Dana Whitfield', weight: 'Bolder' })
    const text = JSON.stringify(card.body)
    expect(text).toContain('VP of Operations at Acme Logistics')
    expect(card.body.find((e: { type: string }) => e.type === 'FactSet').facts).toEqual([
      { title: 'Score', value: '85 (HOT)' },
      { title: 'Source', value: 'Demo request / Q3 West' },
      { title: 'Submitted', value: '03/14/2026 09:26 AM PDT' },
      { title: 'Owner', value: 'Riley Chen' },
    ])
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: "I'm on it", url: 'https://leadrelay.example/ack/tok-1' },
      { type: 'Action.OpenUrl', title: 'View lead', url: 'https://leadrelay.example/leads/lead-1' },
    ])
  })

  it('marks a test lead TEST in the title and says it is not a real prospect', async () => {
    await channel().send(leadAlert({ test: true }), sendContext())
    const card = teams.cards[0]
    expect(card.body[0].text).toMatch(/^TEST · HOT lead/)
    expect(JSON.stringify(card.body)).toContain('not a real prospect')
  })

  it('says an escalation is one, and for how long nobody acted', async () => {
    await channel().send(leadAlert({ kind: 'escalation', escalation: { minutesWaiting: 12, level: 1 } }), sendContext())
    const card = teams.cards[0]
    expect(card.body[0].text).toBe('Escalation · HOT lead: Dana Whitfield')
    expect(JSON.stringify(card.body)).toContain('nobody has acted on this lead for 12 minutes')
  })

  it('keeps a Markdown link in a lead name from becoming a link', () => {
    const message = teamsLeadMessage(leadAlert({ name: '[Win](https://evil.example)' }))
    expect(message.attachments[0]!.content.body[0]).toMatchObject({
      text: 'HOT lead: \\[Win\\](hxxps\\[:\\]//evil\\[.\\]example)',
    })
    expect(adaptiveCardProblems(message)).toEqual([])
  })

  it('retries a 429 not before Retry-After', async () => {
    teams.answerWith({ status: 429, retryAfter: '7' })
    expect(await channel().send(leadAlert(), sendContext())).toEqual({
      kind: 'retry',
      reason: 'HTTP 429',
      notBefore: new Date(clock.now().getTime() + 7000),
    })
    expect(teams.cards).toHaveLength(0)
  })

  it('rejects a 400 (bad card) as permanent', async () => {
    teams.answerWith({ status: 400, body: 'BadRequest' })
    expect(await channel().send(leadAlert(), sendContext())).toEqual({
      kind: 'rejected',
      reason: 'Teams: HTTP 400 (BadRequest)',
    })
  })

  it('retries when the workflow endpoint is down', async () => {
    const url = teams.webhookUrl
    await teams.close()
    const outcome = await createTeamsChannel({ name: 'teams', webhookUrl: url, sendTestLeads: true, clock }).send(
      leadAlert(),
      sendContext(),
    )
    expect(outcome.kind).toBe('retry')
    teams = await startFakeTeams()
  })
})
