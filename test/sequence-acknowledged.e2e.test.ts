import { afterEach, describe, expect, it } from 'vitest'
import { type SequenceWorld, startSequenceWorld } from './support/sequence-world.js'

let w: SequenceWorld | undefined
afterEach(async () => {
  await w?.close()
  w = undefined
})

describe('stopOn: [acknowledged]', () => {
  it('stops the sequence the moment the owner acknowledges through the API, and its pending e-mail never goes', async () => {
    w = await startSequenceWorld({
      sequenceExtra: '    stopOn: [acknowledged]',
      steps: `
      - { id: pause, type: wait, wait: 2 }
      - { id: intro, type: email, subject: "Your demo", body: "Hi {{ lead.firstName }}" }`,
    })
    const leadId = await w.hotLead('dana@prospect.test')
    await expect.poll(async () => (await w?.sequence(leadId))?.state, { timeout: 15_000 }).toBe('active')

    const acked = await w.post(`/api/leads/${leadId}/acknowledge`, { by: 'ann' })
    expect(acked).toMatchObject({ status: 200, body: { acknowledgedBy: 'ann' } })
    // At once, not when the next step comes due.
    const stopped = await w.sequence(leadId)
    expect(stopped).toMatchObject({ state: 'stopped', stopReason: 'acknowledged' })
    expect(stopped.steps.every((s) => s.state !== 'pending' && s.state !== 'due')).toBe(true)
    const timeline = (await w.world.api<{ timeline: { kind: string; detail: string }[] }>(`/api/leads/${leadId}`)).body
      .timeline
    expect(timeline.find((t) => t.kind === 'sequence-stopped')?.detail).toBe('hot-follow-up: acknowledged (by ann)')

    // Past the wait: the e-mail step was cancelled with the stop.
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    expect(w.smtp.messages).toHaveLength(0)
    expect((await w.post(`/api/leads/${leadId}/acknowledge`, { by: 'someone else' })).body).toMatchObject({
      acknowledgedBy: 'ann',
    })
  })
})
