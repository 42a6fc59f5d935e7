import type { CrmLeadState } from '../channels/index.js'
import type { OutcomeInput, OutcomeStage } from './stages.js'

/** How far along a stage is: a CRM read-back never moves a lead backwards (qualified stays qualified). */
const RANK: Record<OutcomeStage, number> = { contacted: 1, qualified: 2, disqualified: 2, won: 3, lost: 3 }

/** HubSpot's default `hs_lead_status` values and `lifecyclestage` internal names. */
export const DEFAULT_HUBSPOT_MAP = {
  leadStatus: {
    IN_PROGRESS: 'contacted',
    CONNECTED: 'contacted',
    OPEN_DEAL: 'qualified',
    UNQUALIFIED: 'disqualified',
    BAD_TIMING: 'disqualified',
  },
  lifecycleStage: {
    salesqualifiedlead: 'qualified',
    opportunity: 'qualified',
  },
} as const satisfies Record<string, Record<string, OutcomeStage>>

/** Salesforce's default Lead `Status` picklist and Opportunity `StageName` values. */
export const DEFAULT_SALESFORCE_MAP = {
  leadStatus: {
    'Working - Contacted': 'contacted',
    'Closed - Converted': 'qualified',
    'Closed - Not Converted': 'disqualified',
  },
  opportunityStage: {
    'Closed Won': 'won',
    'Closed Lost': 'lost',
  },
} as const satisfies Record<string, Record<string, OutcomeStage>>

export interface StageMaps {
  readonly hubspot: {
    readonly leadStatus: Readonly<Record<string, OutcomeStage>>
    readonly lifecycleStage: Readonly<Record<string, OutcomeStage>>
  }
  readonly salesforce: {
    readonly leadStatus: Readonly<Record<string, OutcomeStage>>
    readonly opportunityStage: Readonly<Record<string, OutcomeStage>>
  }
  /** For disqualifications read from a CRM, which gives no reason of ours. */
  readonly disqualifyReason: string
  /** For a won opportunity whose currency the CRM does not say (single-currency Salesforce orgs). */
  readonly defaultCurrency: string
}

/** The configured tables merged over the defaults. */
export function stageMaps(config: {
  readonly hubspot: StageMaps['hubspot']
  readonly salesforce: StageMaps['salesforce']
  readonly disqualifyReasons: readonly string[]
  readonly defaultCurrency: string
}): StageMaps {
  return {
    hubspot: {
      leadStatus: { ...DEFAULT_HUBSPOT_MAP.leadStatus, ...config.hubspot.leadStatus },
      lifecycleStage: { ...DEFAULT_HUBSPOT_MAP.lifecycleStage, ...config.hubspot.lifecycleStage },
    },
    salesforce: {
      leadStatus: { ...DEFAULT_SALESFORCE_MAP.leadStatus, ...config.salesforce.leadStatus },
      opportunityStage: { ...DEFAULT_SALESFORCE_MAP.opportunityStage, ...config.salesforce.opportunityStage },
    },
    disqualifyReason: config.disqualifyReasons.includes('not-a-fit')
      ? 'not-a-fit'
      : (config.disqualifyReasons[0] ?? 'not-a-fit'),
    defaultCurrency: config.defaultCurrency,
  }
}

/** `SALES_QUALIFIED_LEAD`, `salesqualifiedlead` and `Sales Qualified Lead` are one value. */
const norm = (value: string) => value.replace(/[\s_-]+/g, '').toLowerCase()

function lookup(table: Readonly<Record<string, OutcomeStage>>, value: string | null | undefined): OutcomeStage | null {
  if (!value) return null
  const wanted = norm(value)
  for (const [key, stage] of Object.entries(table)) if (norm(key) === wanted) return stage
  return null
}

const later = (a: OutcomeStage | null, b: OutcomeStage | null) => {
  if (!a) return b
  if (!b) return a
  return RANK[b] > RANK[a] ? b : a
}

/** The furthest stage the CRM's values say, as an outcome to record; null when they say nothing mapped. */
export function crmOutcome(crm: 'hubspot' | 'salesforce', state: CrmLeadState, maps: StageMaps): OutcomeInput | null {
  let stage: OutcomeStage | null
  let amount = 0
  let currency = maps.defaultCurrency
  if (crm === 'hubspot') {
    stage = later(
      lookup(maps.hubspot.leadStatus, state.leadStatus),
      lookup(maps.hubspot.lifecycleStage, state.lifecycleStage),
    )
  } else {
    stage = lookup(maps.salesforce.leadStatus, state.leadStatus)
    if (state.converted) stage = later(stage, 'qualified')
    const fromOpportunity = lookup(maps.salesforce.opportunityStage, state.opportunity?.stage)
    if (fromOpportunity) {
      stage = fromOpportunity
      amount = state.opportunity?.amount ?? 0
      currency = state.opportunity?.currency ?? maps.defaultCurrency
    }
  }
  switch (stage) {
    case null:
      return null
    case 'disqualified':
      return { stage, reason: maps.disqualifyReason }
    case 'won':
      return { stage, amount, currency }
    default:
      return { stage }
  }
}

/** Whether a CRM's stage should replace the lead's: only forwards, or to a different closing stage. */
export function movesForward(current: OutcomeStage | null, next: OutcomeStage): boolean {
  if (current === next) return false
  if (!current) return true
  return RANK[next] > RANK[current] || (RANK[next] === RANK[current] && RANK[next] === 3)
}
