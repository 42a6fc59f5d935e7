import type { Kysely, Transaction } from 'kysely'
import { type LeadFacts, matches, type Team } from '../routing/index.js'
import { type Database, type LeadRow, leadsRepository, sequencesRepository } from '../store/index.js'
import type { Sequence } from './config-schema.js'
import { leadTimeZone } from './lead-time-zone.js'
import { branchTargets, scheduleStep } from './schedule-step.js'

type Executor = Kysely<Database> | Transaction<Database>

/** The first sequence the lead matches; test leads only where a sequence asks for them. */
export function chooseSequence(sequences: readonly Sequence[], facts: LeadFacts): Sequence | undefined {
  return sequences.find((s) => (!facts.test || s.includeTestLeads) && (!s.when || matches(s.when, facts).matched))
}

/**
 * Enrols a lead that was just routed (inside the routing transaction, so a routed lead is enrolled exactly
 * once) and queues its first step. Returns whether it did.
 */
export async function enrolLead(
  db: Executor,
  deps: { readonly sequences: readonly Sequence[]; readonly team: Team | undefined; readonly defaultTimeZone: string },
  lead: Pick<LeadRow, 'id' | 'fields'>,
  facts: LeadFacts,
  ownerId: string | null,
  now: Date,
): Promise<boolean> {
  if (!ownerId) return false
  const sequence = chooseSequence(deps.sequences, facts)
  if (!sequence) return false
  const fields = JSON.parse(lead.fields ?? '{}') as Record<string, string | null>
  const owner = deps.team?.members.find((m) => m.id === ownerId)
  const email = (fields.workEmail ?? fields.email)?.trim().toLowerCase() ?? null
  const at = now.getTime()
  const id = await sequencesRepository.insertEnrolment(db, {
    lead_id: lead.id,
    sequence: sequence.name,
    owner_id: ownerId,
    lead_email: email,
    time_zone: leadTimeZone(fields, owner?.timeZone ?? deps.defaultTimeZone),
    state: 'active',
    enrolled_at: at,
    updated_at: at,
  })
  if (id === undefined) return false
  await sequencesRepository.insertSteps(
    db,
    sequence.steps.map((step, position) => ({
      enrolment_id: id,
      step_id: step.id,
      position,
      type: step.type,
      state: 'pending' as const,
      due_at: null,
    })),
  )
  await leadsRepository.addTimeline(db, lead.id, 'sequence-enrolled', at, `${sequence.name} (owner ${ownerId})`)
  const skip = branchTargets(sequence)
  const first = sequence.steps.find((s) => !skip.has(s.id))
  const enrolment = await sequencesRepository.getEnrolment(db, id)
  if (first && enrolment) await scheduleStep(db, sequence, enrolment, first, now)
  return true
}
