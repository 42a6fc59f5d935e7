import { parse as parseYaml } from 'yaml'
import { DEFAULT_DISQUALIFY_REASONS, type OutcomeInput, type Outcomes } from '../../src/outcomes/index.js'
import { acknowledgeLead } from '../../src/pipeline/index.js'
import { TeamSchema } from '../../src/routing/index.js'
import { deliveriesRepository, leadsRepository, outcomesRepository, type Store } from '../../src/store/index.js'
import type { ManualClock } from '../../src/util/index.js'

/** For tests: a team whose hours the hand-computed figures in reports.test.ts depend on. */
export const FIXTURE_TEAM_YAML = `
team:
  fallbackOwner: bob
  members:
    - id: ann
      name: Ann Archer
      timeZone: America/New_York
      workingHours: { days: [mon, tue, wed, thu, fri], start: "09:00", end: "17:00" }
    - id: bob
      name: Bob Brown
      timeZone: UTC
`
/** Outcome settings as the configuration's defaults give them, without CRM read-back or conversions. */
export const FIXTURE_OUTCOMES_CONFIG = {
  outcomes: {
    disqualifyReasons: [...DEFAULT_DISQUALIFY_REASONS],
    crmPollMinutes: 0,
    defaultCurrency: 'USD',
    hubspot: { leadStatus: {}, lifecycleStage: {} },
    salesforce: { leadStatus: {}, opportunityStage: {} },
  },
  conversions: {},
}

export const fixtureTeam = () => TeamSchema.parse((parseYaml(FIXTURE_TEAM_YAML) as { team: unknown }).team)

const MIN = 60_000
const at = (iso: string) => Date.parse(iso)

interface FixtureLead {
  readonly id: string
  readonly owner: string | null
  readonly submitted: string
  readonly form?: string
  readonly rule?: string
  readonly test?: boolean
  readonly priority?: string
  readonly campaign?: string
  /** Minutes after submission; the CRM write lands earlier and must not count as the alert. */
  readonly alertAfterMin?: number
  readonly crmAfterMin?: number
  readonly ack?: string
  readonly outcomes?: readonly (readonly [string, OutcomeInput])[]
}

/**
 * Week of Monday 2026-11-23 (New York is on EST, UTC-5): L3 arrives on a Saturday, L5 and L6 are never
 * acknowledged, L6 has no owner and its alert failed, T1 is a test lead; L0 falls in the previous period.
 */
export const FIXTURE_LEADS: readonly FixtureLead[] = [
  { id: '0', owner: 'bob', submitted: '2026-11-20T10:00:00Z', alertAfterMin: 1, ack: '2026-11-20T10:02:00Z' },
  {
    id: '1',
    owner: 'ann',
    submitted: '2026-11-23T14:00:00Z',
    form: '100',
    rule: 'East',
    priority: 'hot',
    campaign: 'urn:li:sponsoredCreative:7',
    alertAfterMin: 1,
    crmAfterMin: 0.25,
    ack: '2026-11-23T14:04:00Z',
    outcomes: [
      ['2026-11-23T14:30:00Z', { stage: 'contacted' }],
      ['2026-11-23T16:00:00Z', { stage: 'qualified' }],
    ],
  },
  {
    id: '2',
    owner: 'ann',
    submitted: '2026-11-23T21:50:00Z',
    form: '100',
    rule: 'East',
    priority: 'warm',
    campaign: 'urn:li:sponsoredCreative:7',
    alertAfterMin: 2,
    ack: '2026-11-24T14:10:00Z',
    outcomes: [['2026-11-24T15:00:00Z', { stage: 'won', amount: 12000, currency: 'USD' }]],
  },
  {
    id: '3',
    owner: 'ann',
    submitted: '2026-11-28T15:00:00Z',
    form: '200',
    rule: 'East',
    priority: 'cold',
    alertAfterMin: 3,
    ack: '2026-11-30T14:30:00Z',
    outcomes: [['2026-11-30T15:00:00Z', { stage: 'disqualified', reason: 'no-budget' }]],
  },
  {
    id: '4',
    owner: 'bob',
    submitted: '2026-11-24T10:00:00Z',
    form: '200',
    priority: 'hot',
    alertAfterMin: 0.5,
    ack: '2026-11-24T10:12:00Z',
    outcomes: [['2026-11-24T11:00:00Z', { stage: 'lost' }]],
  },
  { id: '5', owner: 'bob', submitted: '2026-11-25T10:00:00Z', form: '200', priority: 'warm', alertAfterMin: 1 },
  { id: '6', owner: null, submitted: '2026-11-25T12:00:00Z', priority: 'cold' },
  {
    id: 'T1',
    owner: 'ann',
    submitted: '2026-11-26T14:00:00Z',
    test: true,
    alertAfterMin: 1,
    ack: '2026-11-26T14:01:00Z',
  },
]

/** Stores the fixture leads through the same functions the pipeline uses, moving the clock to each event. */
export async function seedReportFixture(store: Store, clock: ManualClock, outcomes: Outcomes): Promise<void> {
  await leadsRepository.cacheForm(store.db, '100', 1, JSON.stringify({ name: '=HYPERLINK("http://x.test")' }), 0)
  await leadsRepository.cacheForm(store.db, '200', 1, JSON.stringify({ name: 'Pricing, 2026' }), 0)
  for (const lead of FIXTURE_LEADS) {
    const submitted = at(lead.submitted)
    await leadsRepository.insertLeadIfNew(store.db, {
      id: lead.id,
      urn: `urn:li:leadGenFormResponse:${lead.id}`,
      status: 'enriched',
      lead_type: 'SPONSORED',
      form_id: lead.form ?? null,
      form_version: lead.form ? 1 : null,
      submitted_at: submitted,
      received_at: submitted + 1000,
      test: lead.test ? 1 : 0,
      source: 'webhook',
      fields: JSON.stringify({ firstName: 'Pat', lastName: `Lead${lead.id}`, email: `pat${lead.id}@example.com` }),
      created_at: submitted,
      updated_at: submitted,
      owner_id: lead.owner,
      priority: lead.priority ?? null,
      assigned_at: submitted + 1000,
      routing: JSON.stringify({
        score: {
          score: 50,
          priority: lead.priority,
          contributions: lead.rule ? [{ rule: 'Decision maker', points: 30 }] : [],
        },
        decision: lead.owner ? { ruleName: lead.rule ?? null, ownerId: lead.owner, skipped: [] } : null,
      }),
    })
    if (lead.campaign)
      await store.db
        .insertInto('events')
        .values({
          dedupe_key: `${lead.id}:CREATED`,
          status: 'processed',
          lead_id: lead.id,
          associated_entity: JSON.stringify({ sponsoredCreative: lead.campaign }),
          received_at: submitted,
        })
        .execute()
    const deliver = async (channel: string, afterMin: number | undefined, delivered: boolean) => {
      const id = await deliveriesRepository.createDelivery(store.db, {
        leadId: lead.id,
        channel,
        kind: 'new-lead',
        state: 'pending',
        at: submitted,
      })
      if (delivered && afterMin !== undefined) {
        await deliveriesRepository.setDeliveryState(store.db, [id as number], 'delivered', submitted + afterMin * MIN)
        // As the deliver job does: only a sales-alert channel's delivery is the alert.
        if (channel === 'slack') await outcomesRepository.recordAlerted(store.db, [lead.id], submitted + afterMin * MIN)
      } else
        await deliveriesRepository.setDeliveryState(store.db, [id as number], 'dead', submitted + MIN, { error: 'x' })
    }
    await deliver('slack', lead.alertAfterMin, lead.alertAfterMin !== undefined)
    if (lead.crmAfterMin !== undefined) await deliver('hubspot', lead.crmAfterMin, true)
    if (lead.ack) await acknowledgeLead(store, lead.id, lead.owner ?? 'someone', at(lead.ack), 'test')
    for (const [when, input] of lead.outcomes ?? []) {
      clock.set(at(when))
      await outcomes.record(lead.id, input, { by: lead.owner ?? 'someone', via: 'test' })
    }
  }
}
