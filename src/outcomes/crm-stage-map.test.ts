import { describe, expect, it } from 'vitest'
import { crmOutcome, movesForward, stageMaps } from './crm-stage-map.js'

const maps = stageMaps({
  hubspot: { leadStatus: { ATTEMPTED_TO_CONTACT: 'contacted' }, lifecycleStage: {} },
  salesforce: { leadStatus: {}, opportunityStage: { Negotiation: 'qualified' } },
  disqualifyReasons: ['no-budget', 'not-a-fit'],
  defaultCurrency: 'EUR',
})

describe('CRM values as outcome stages', () => {
  it('maps HubSpot values whatever their case or underscores, taking the further of status and lifecycle', () => {
    expect(
      crmOutcome('hubspot', { leadId: '1', leadStatus: null, lifecycleStage: 'SALES_QUALIFIED_LEAD' }, maps),
    ).toEqual({ stage: 'qualified' })
    expect(
      crmOutcome('hubspot', { leadId: '1', leadStatus: 'CONNECTED', lifecycleStage: 'opportunity' }, maps),
    ).toEqual({ stage: 'qualified' })
    expect(crmOutcome('hubspot', { leadId: '1', leadStatus: 'attempted_to_contact' }, maps)).toEqual({
      stage: 'contacted',
    })
    expect(crmOutcome('hubspot', { leadId: '1', leadStatus: 'UNQUALIFIED' }, maps)).toEqual({
      stage: 'disqualified',
      reason: 'not-a-fit',
    })
    expect(crmOutcome('hubspot', { leadId: '1', leadStatus: 'NEW', lifecycleStage: 'lead' }, maps)).toBeNull()
  })

  it('makes a converted Salesforce Lead qualified, and its Closed Won Opportunity won with the amount', () => {
    expect(
      crmOutcome('salesforce', { leadId: '1', leadStatus: 'Open - Not Contacted', converted: true }, maps),
    ).toEqual({ stage: 'qualified' })
    expect(
      crmOutcome(
        'salesforce',
        {
          leadId: '1',
          leadStatus: 'Closed - Converted',
          converted: true,
          opportunity: { stage: 'Closed Won', amount: 12_000, currency: null },
        },
        maps,
      ),
    ).toEqual({ stage: 'won', amount: 12_000, currency: 'EUR' })
    expect(
      crmOutcome(
        'salesforce',
        {
          leadId: '1',
          leadStatus: null,
          converted: true,
          opportunity: { stage: 'Negotiation', amount: 5, currency: null },
        },
        maps,
      ),
    ).toEqual({ stage: 'qualified' })
  })

  it('moves a lead only forward, or from one closing stage to another', () => {
    expect(movesForward(null, 'contacted')).toBe(true)
    expect(movesForward('qualified', 'contacted')).toBe(false)
    expect(movesForward('qualified', 'qualified')).toBe(false)
    expect(movesForward('qualified', 'won')).toBe(true)
    expect(movesForward('won', 'lost')).toBe(true)
    expect(movesForward('won', 'qualified')).toBe(false)
  })
})
