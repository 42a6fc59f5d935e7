import { parse as parseYaml, stringify } from 'yaml'
import { factsForLead } from '../../pipeline/index.js'
import {
  compareConfigs,
  explainDecision,
  formatProblems,
  parseRules,
  type ReplayLead,
  type ReplayReport,
  type Rules,
  routeLead,
  scoreLead,
  withScore,
} from '../../routing/index.js'
import { leadFromRow, leadsRepository, routingPositionsRepository, type Store } from '../../store/index.js'

/** Replays stop here, so one click cannot hold the database for minutes. */
export const REPLAY_MAX_LEADS = 5000
export const REPLAY_MAX_DAYS = 90

export type LabResult =
  | { readonly kind: 'problem'; readonly message: string }
  | { readonly kind: 'test'; readonly text: string; readonly currentOwner: string | null }
  | { readonly kind: 'replay'; readonly report: ReplayReport; readonly days: number; readonly capped: boolean }

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/** The current team, scoring and routing as YAML the rules parser reads back, to start a candidate from. */
export function rulesAsYaml(rules: Rules | undefined): string {
  if (!rules) return 'team:\n  fallbackOwner: someone\n  members: []\nscoring:\n  rules: []\nrouting:\n  rules: []\n'
  const members = rules.team.members.map(({ workingHours, ...member }) =>
    workingHours
      ? {
          ...member,
          // Parsed hours are minute ranges; the file format is "09:00-17:00" per weekday.
          workingHours: Object.fromEntries(
            Object.entries(workingHours).map(([day, ranges]) => [
              day,
              (ranges ?? []).map((r) => `${hhmm(r.from)}-${hhmm(r.to)}`),
            ]),
          ),
        }
      : member,
  )
  return stringify(
    { team: { ...rules.team, members }, scoring: rules.scoring, routing: rules.routing },
    { aliasDuplicateObjects: false },
  )
}

export function parseCandidate(text: string): { ok: true; rules: Rules } | { ok: false; message: string } {
  let input: Record<string, unknown>
  try {
    input = (parseYaml(text) ?? {}) as Record<string, unknown>
  } catch (error) {
    return { ok: false, message: `not valid YAML: ${(error as Error).message}` }
  }
  const parsed = parseRules({ team: input.team, scoring: input.scoring, routing: input.routing })
  return parsed.ok ? { ok: true, rules: parsed.value } : { ok: false, message: formatProblems(parsed.problems) }
}

/** `leadrelay rules test`: how the candidate would score and route one stored lead. Changes nothing. */
export async function testOnLead(store: Store, candidate: Rules, leadId: string, now: Date): Promise<LabResult> {
  const lead = await leadsRepository.getLead(store.db, leadId.trim().replace(/^urn:li:leadGenFormResponse:/, ''))
  if (!lead?.fields) return { kind: 'problem', message: `No enriched lead "${leadId}".` }
  const facts = await factsForLead(store.db, leadFromRow(lead))
  const scored = scoreLead(facts, candidate.scoring)
  const decision = routeLead(withScore(facts, scored), {
    team: candidate.team,
    routing: candidate.routing,
    now,
    positions: await routingPositionsRepository.allPositions(store.db),
    loadToday: () => 0,
  })
  return { kind: 'test', text: explainDecision(scored, decision), currentOwner: lead.owner_id }
}

/** `leadrelay rules replay`: the candidate against the current rules over the last `days`. Changes nothing. */
export async function replayDays(
  store: Store,
  current: Rules,
  candidate: Rules,
  days: number,
  now: Date,
): Promise<LabResult> {
  const rows = await leadsRepository.enrichedLeadsSince(
    store.db,
    now.getTime() - days * 86_400_000,
    REPLAY_MAX_LEADS + 1,
  )
  const leads: ReplayLead[] = []
  for (const row of rows.slice(0, REPLAY_MAX_LEADS))
    leads.push({
      id: row.id,
      facts: await factsForLead(store.db, leadFromRow(row)),
      receivedAt: new Date(row.received_at),
    })
  return {
    kind: 'replay',
    report: compareConfigs(leads, current, candidate, { now }),
    days,
    capped: rows.length > REPLAY_MAX_LEADS,
  }
}
