import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../test/support/dialects.js'
import { sequencesRepository as repo, type Store } from './index.js'

describe.each(dialectsUnderTest())('%s: sequences repository', (dialect) => {
  let store: Store
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ store, cleanup } = await dialect.open())
  })
  afterAll(() => cleanup())

  async function enrol(leadId: string, email = `${leadId}@prospect.test`) {
    const id = await repo.insertEnrolment(store.db, {
      lead_id: leadId,
      sequence: 'hot',
      owner_id: 'ann',
      lead_email: email,
      time_zone: 'America/Chicago',
      state: 'active',
      enrolled_at: 1,
      updated_at: 1,
    })
    if (id === undefined) throw new Error('not enrolled')
    await repo.insertSteps(store.db, [
      { enrolment_id: id, step_id: 'intro', position: 0, type: 'email', state: 'pending', due_at: 1 },
      { enrolment_id: id, step_id: 'nudge', position: 1, type: 'email', state: 'pending', due_at: null },
    ])
    return id
  }

  it('enrols a lead once', async () => {
    const id = await enrol('L1')
    expect(typeof id).toBe('number')
    expect(
      await repo.insertEnrolment(store.db, {
        lead_id: 'L1',
        sequence: 'other',
        owner_id: 'bob',
        lead_email: null,
        time_zone: 'UTC',
        state: 'active',
        enrolled_at: 2,
        updated_at: 2,
      }),
    ).toBeUndefined()
    expect((await repo.getEnrolmentByLead(store.db, 'L1'))?.sequence).toBe('hot')
  })

  it('cancels the open steps with the stop, once', async () => {
    const id = await enrol('L2')
    await repo.updateStep(store.db, id, 'intro', { state: 'sent', message_id: '<a@x>', smtp_accepted_at: 5 })
    expect(await repo.stopEnrolment(store.db, id, 'replied', 10)).toBe(true)
    expect(await repo.stopEnrolment(store.db, id, 'manual', 11)).toBe(false)
    const steps = await repo.getSteps(store.db, id)
    expect(steps.map((s) => [s.step_id, s.state])).toEqual([
      ['intro', 'sent'],
      ['nudge', 'skipped'],
    ])
    expect((await repo.getEnrolment(store.db, id))?.stop_reason).toBe('replied')
    expect(await repo.stepsByMessageIds(store.db, ['<a@x>', '<none@x>'])).toEqual([
      expect.objectContaining({ enrolment_id: id, step_id: 'intro', lead_id: 'L2', owner_id: 'ann' }),
    ])
  })

  it('keeps one reply per mailbox and Message-ID, and lists them newest first with the sequence', async () => {
    const id = await enrol('L3')
    const reply = {
      enrolment_id: id,
      lead_id: 'L3',
      mailbox: 'imap://ann@host/INBOX',
      message_id: '<r1@p>',
      kind: 'reply' as const,
      from_address: 'l3@prospect.test',
      subject: 'Re: hi',
      snippet: 'yes',
      received_at: 100,
    }
    expect(await repo.insertReply(store.db, reply)).toBe(true)
    expect(await repo.insertReply(store.db, reply)).toBe(false)
    expect(await repo.insertReply(store.db, { ...reply, message_id: '<r2@p>', received_at: 200 })).toBe(true)
    const listed = await repo.listReplies(store.db, { limit: 10, ownerId: 'ann' })
    expect(listed.map((r) => r.message_id)).toEqual(['<r2@p>', '<r1@p>'])
    expect(listed[0]).toMatchObject({ sequence: 'hot', owner_id: 'ann' })
    expect(await repo.listReplies(store.db, { limit: 10, ownerId: 'bob' })).toEqual([])
  })

  it('suppresses addresses whatever their case', async () => {
    await repo.suppress(store.db, 'Dana@Prospect.TEST', 'unsubscribed', 1)
    await repo.suppress(store.db, 'dana@prospect.test', 'bounced', 2)
    expect(await repo.suppression(store.db, ' dana@prospect.test ')).toBe('unsubscribed')
    expect(await repo.suppression(store.db, 'other@prospect.test')).toBeUndefined()
  })

  it('throttles a mailbox by minimum gap and daily limit, across callers', async () => {
    const slot = (now: number, day = 'd1') =>
      repo.claimMailboxSlot(store.db, 'ann', { now, day, gapMs: 1_000, dailyLimit: 2 })
    expect(await slot(10_000)).toEqual({ ok: true })
    expect(await slot(10_500)).toEqual({ ok: false, why: 'gap', at: 11_000 })
    expect(await slot(11_000)).toEqual({ ok: true })
    expect(await slot(20_000)).toEqual({ ok: false, why: 'daily-limit' })
    expect(await slot(30_000, 'd2')).toEqual({ ok: true })
    const racing = await Promise.all([slot(40_000, 'd2'), slot(40_000, 'd2')])
    expect(racing.filter((r) => r.ok)).toHaveLength(1)
  })

  it('erases what it kept of a deleted lead and stops its sequence', async () => {
    const id = await enrol('L4')
    await repo.updateStep(store.db, id, 'intro', { subject: 'Hi Dana', body: 'Hello Dana' })
    await repo.insertReply(store.db, {
      enrolment_id: id,
      lead_id: 'L4',
      mailbox: 'm',
      message_id: '<r4@p>',
      kind: 'reply',
      from_address: 'l4@prospect.test',
      subject: 'Re: Hi Dana',
      snippet: 'Dana here',
      received_at: 5,
    })
    await repo.eraseForLead(store.db, 'L4', 50)
    const enrolment = await repo.getEnrolment(store.db, id)
    expect(enrolment).toMatchObject({ state: 'stopped', stop_reason: 'lead deleted', lead_email: null })
    expect((await repo.getSteps(store.db, id)).every((s) => s.subject === null && s.body === null)).toBe(true)
    expect((await repo.repliesForLead(store.db, 'L4'))[0]).toMatchObject({ from_address: null, snippet: null })
  })

  it('counts enrolments by outcome per sequence', async () => {
    const counts = (await repo.sequenceCounts(store.db)).get('hot')
    expect(counts).toEqual({ enrolled: 4, active: 2, replied: 1, unsubscribed: 0, bounced: 0 })
  })
})
