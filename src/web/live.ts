import { leadsRepository, type Store } from '../store/index.js'
import type { Logger } from '../util/index.js'

export interface LiveChange {
  /** Leads with a new timeline entry (received, routed, delivered, acknowledged, deleted…). */
  readonly leadIds: ReadonlySet<string>
}

export type LiveListener = (change: LiveChange) => void

/**
 * One poller per process over the lead timeline (a primary-key range read), fanned out to every open
 * event stream. Polling the database rather than listening in-process means a web process sees what a
 * separate worker process did. It runs only while someone is watching.
 */
export function createLiveFeed(deps: { store: Store; logger: Logger; pollMs: number }) {
  const listeners = new Set<LiveListener>()
  let timer: NodeJS.Timeout | undefined
  let watermark: number | undefined
  let polling = false

  async function poll() {
    if (polling) return
    polling = true
    try {
      if (watermark === undefined) {
        watermark = await leadsRepository.latestTimelineId(deps.store.db)
        return
      }
      const rows = await leadsRepository.timelineSince(deps.store.db, watermark, 1000)
      if (rows.length === 0) return
      watermark = rows.at(-1)!.id
      const change = { leadIds: new Set(rows.map((r) => r.lead_id)) }
      for (const listener of listeners) listener(change)
    } catch (error) {
      deps.logger.warn({ err: (error as Error).message }, 'live feed could not read the timeline')
    } finally {
      polling = false
    }
  }

  return {
    /** `since`: the timeline id the page was rendered at, so changes before the stream opened still arrive. */
    subscribe(listener: LiveListener, since?: number): () => void {
      listeners.add(listener)
      if (since !== undefined) {
        leadsRepository
          .timelineSince(deps.store.db, since, 1000)
          .then((rows) => {
            // Repeats what the shared poll may also report: a listener refreshes, so twice is harmless.
            if (rows.length > 0 && listeners.has(listener)) listener({ leadIds: new Set(rows.map((r) => r.lead_id)) })
          })
          .catch((error: Error) => deps.logger.warn({ err: error.message }, 'live feed could not catch up'))
      }
      if (!timer) {
        void poll()
        timer = setInterval(() => void poll(), deps.pollMs)
        timer.unref()
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && timer) {
          clearInterval(timer)
          timer = undefined
          watermark = undefined
        }
      }
    },
    /** Checks now instead of at the next tick (after this process changed something). */
    poke: () => void poll(),
    close() {
      clearInterval(timer)
      timer = undefined
      listeners.clear()
    },
  }
}

export type LiveFeed = ReturnType<typeof createLiveFeed>
