import type { SlaState } from './format.js'
import { formatAge } from './format.js'

export function PriorityBadge({ priority, score }: { priority: string | null; score: number | null }) {
  if (!priority && score === null) return <span class="muted">—</span>
  return (
    <span class={`badge prio-${priority ?? 'none'}`} safe>
      {`${score ?? '–'} ${priority ?? ''}`.trim()}
    </span>
  )
}

export function SlaBadge({ sla }: { sla: SlaState }) {
  switch (sla.kind) {
    case 'acknowledged':
      return (
        <span class={sla.late ? 'badge warn' : 'badge ok'} safe>
          {`acked after ${formatAge(sla.afterMs)}`}
        </span>
      )
    case 'overdue':
      return (
        <span class="badge bad" safe>
          {`overdue ${formatAge(sla.byMs)}`}
        </span>
      )
    case 'due':
      return <span class="badge" safe>{`due in ${formatAge(sla.inMs)}`}</span>
    case 'none':
      return <span class="muted">—</span>
  }
}

/** Green, amber or red with a word, never colour alone. */
export function StateBadge({ level, children }: { level: 'ok' | 'warn' | 'bad'; children: string }) {
  return (
    <span class={`badge ${level}`} safe>
      {children}
    </span>
  )
}
