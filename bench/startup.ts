// Phase F of `npm run bench`: how long `leadrelay start` takes to answer /readyz on a database that already
// holds data (the one the load phases filled), and how much memory it holds once idle. See bench/README.md.
import { type LeadRelayOptions, startLeadRelay, stopChild } from './children.js'
import { fmt } from './format.js'
import { memoryOf } from './probes.js'

export const STARTUP_TARGETS = { healthyMs: 1000, idleRssMiB: 150 } as const
const IDLE_WAIT_MS = 5000

export interface StartupResult {
  readonly runs: readonly number[]
  readonly medianMs: number
  readonly idleRssMiB: number | null
  /** Rows in the database it started on. */
  readonly events: number
}

export async function measureStartup(
  options: LeadRelayOptions & { readonly runs: number; readonly events: number; readonly log: (line: string) => void },
): Promise<StartupResult> {
  options.log(`  start to healthy on the existing database (${options.events} events), ${options.runs} times`)
  const runs: number[] = []
  let idleRssMiB: number | null = null
  for (let i = 0; i < options.runs; i++) {
    const child = await startLeadRelay({ ...options, readyPollMs: 5 })
    try {
      runs.push(child.readyMs ?? Number.NaN)
      if (i === options.runs - 1) {
        // Idle: started, nothing arriving; the worker has only waiting jobs (no LinkedIn token here).
        await new Promise((resolve) => setTimeout(resolve, IDLE_WAIT_MS))
        idleRssMiB = memoryOf(child.process.pid)?.rssMiB ?? null
      }
    } finally {
      await stopChild(child, 30_000)
    }
  }
  const sorted = [...runs].sort((a, b) => a - b)
  return { runs, medianMs: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, idleRssMiB, events: options.events }
}

export function startupLines(r: StartupResult, loadRssMiB: number | null): string[] {
  const t = STARTUP_TARGETS
  return [
    `F. Start and memory: \`leadrelay start\` on the load phases' database (${r.events} events)`,
    `  start to healthy (spawn → /readyz 200): median ${fmt(r.medianMs, 0)} ms of ${r.runs.map((ms) => fmt(ms, 0)).join(', ')} ` +
      `(target < ${t.healthyMs} ms): ${r.medianMs < t.healthyMs ? 'met' : 'NOT met'}`,
    `  RSS idle ${r.idleRssMiB === null ? 'n/a' : `${fmt(r.idleRssMiB, 0)} MiB`} (target < ${t.idleRssMiB} MiB): ` +
      `${r.idleRssMiB !== null && r.idleRssMiB < t.idleRssMiB ? 'met' : 'NOT met'}; ` +
      `under load (phases A and B, largest sample) ${loadRssMiB === null ? 'n/a' : `${fmt(loadRssMiB, 0)} MiB`}`,
  ]
}
