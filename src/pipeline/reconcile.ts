import { enqueue, type JobHandler } from '../jobs/index.js'
import type { Owner } from '../linkedin/index.js'
import { startOfLocalDay } from '../routing/index.js'
import type { Store } from '../store/index.js'
import type { Clock } from '../util/index.js'
import { startPull } from './pull-leads.js'
import { activeSubscriptions } from './subscriptions.js'

export interface ReconcileSettings {
  /** Local time of day, "HH:MM", in `timeZone`. */
  readonly at: string
  readonly timeZone: string
  /** How far back each daily pull looks. */
  readonly windowMs: number
}

/** The next moment the daily reconciliation should run, strictly after `now`. */
export function nextReconcileAt(now: Date, settings: ReconcileSettings): Date {
  const [hours, minutes] = settings.at.split(':').map(Number) as [number, number]
  const offset = (hours * 60 + minutes) * 60_000
  const today = startOfLocalDay(now, settings.timeZone).getTime() + offset
  if (today > now.getTime()) return new Date(today)
  const tomorrow = startOfLocalDay(new Date(now.getTime() + 26 * 3_600_000), settings.timeZone).getTime() + offset
  return new Date(tomorrow)
}

/** Makes sure the next daily run is queued; its key makes this safe from every process of a fleet. */
export async function scheduleReconciliation(store: Store, now: Date, settings: ReconcileSettings): Promise<void> {
  const at = nextReconcileAt(now, settings)
  const day = at.toISOString().slice(0, 10)
  await enqueue(store.db, 'reconcile-all', { day }, now, { key: `reconcile-all:${day}`, runAt: at })
}

/** Pulls every subscribed owner's recent leads, so a webhook LinkedIn never sent is still caught. */
export async function reconcileAll(store: Store, now: Date, windowMs: number): Promise<number[]> {
  const pulls: number[] = []
  const seen = new Set<string>()
  for (const subscription of await activeSubscriptions(store)) {
    const key = `${subscription.owner}|${subscription.lead_type}`
    if (seen.has(key)) continue
    seen.add(key)
    pulls.push(
      await startPull(
        store,
        {
          kind: 'reconcile',
          owner: JSON.parse(subscription.owner) as Owner,
          leadType: subscription.lead_type,
          since: now.getTime() - windowMs,
          until: now.getTime(),
        },
        now,
      ),
    )
  }
  return pulls
}

export function createReconcileAllHandler(deps: {
  store: Store
  clock: Clock
  settings: ReconcileSettings
}): JobHandler<'reconcile-all'> {
  return async () => {
    const now = deps.clock.now()
    await reconcileAll(deps.store, now, deps.settings.windowMs)
    await scheduleReconciliation(deps.store, new Date(now.getTime() + 60_000), deps.settings)
    return { kind: 'done' }
  }
}
