import type { JobName } from './job-types.js'

/**
 * Lanes in the order the worker claims them on every wake: what a person is waiting for first (a sales
 * alert, an escalation, an operator alert, a sequence e-mail), then new leads (one LinkedIn read each),
 * then bulk work (backfill and reconciliation pulls, checks and polls). A delivery never waits behind
 * other leads' enrichment: each slot that frees goes to a waiting message first.
 */
export const LANES = ['messages', 'leads', 'bulk'] as const
export type LaneName = (typeof LANES)[number]

/** A new job name does not compile until it is given a lane. */
const LANE_OF = {
  deliver: 'messages',
  escalate: 'messages',
  'ops-alert': 'messages',
  'sequence-step': 'messages',
  'process-lead': 'leads',
  pull: 'bulk',
  'reconcile-all': 'bulk',
  'health-check': 'bulk',
  'crm-poll': 'bulk',
} as const satisfies Record<JobName, LaneName>

const namesIn = (lane: LaneName) => (Object.keys(LANE_OF) as JobName[]).filter((name) => LANE_OF[name] === lane)

/** The job names of each lane. */
export const LANE_JOBS: Readonly<Record<LaneName, readonly JobName[]>> = {
  messages: namesIn('messages'),
  leads: namesIn('leads'),
  bulk: namesIn('bulk'),
}

/** Every name a lane lists; a job of any other name (an older or newer version's) is a stray. */
export const LISTED_JOBS: readonly JobName[] = Object.keys(LANE_OF) as JobName[]

/** The lane a job runs in; strays run in the bulk lane. */
export function laneOf(name: string): LaneName {
  return (LANE_OF as Record<string, LaneName>)[name] ?? 'bulk'
}

/**
 * How many jobs of each lane may run at once under an overall cap of `concurrency` (`WORKER_CONCURRENCY`).
 * Messages and leads may take every slot: their jobs take a LinkedIn or channel round trip, so a slot
 * frees within a second and goes to a waiting message first. A pull reads every page of a backfill in
 * one job (minutes), so claiming messages first would not help once pulls held every slot: bulk gets at
 * most half, and the other half stays free for messages and leads.
 */
export function laneLimits(concurrency: number): Readonly<Record<LaneName, number>> {
  return { messages: concurrency, leads: concurrency, bulk: Math.max(1, Math.floor(concurrency / 2)) }
}
