import Html from '@kitajs/html'

/** Hand-built SVG charts: server-rendered, no script, every value also readable as text (title, labels). */

export interface Bar {
  readonly label: string
  readonly value: number
  /** What the bar says in words, e.g. "12 min". */
  readonly text: string
}

const esc = (text: string) => Html.escapeHtml(text)

/** Horizontal bars, one per row, scaled to the largest value. */
export function HorizontalBars(props: { id: string; title: string; bars: readonly Bar[]; labelWidth?: number }) {
  const labelWidth = props.labelWidth ?? 160
  const width = 640
  const row = 26
  const height = Math.max(1, props.bars.length) * row + 8
  const max = Math.max(1, ...props.bars.map((b) => b.value))
  const span = width - labelWidth - 90
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${props.id}-title`}
        data-chart={props.id}
      >
        <title id={`${props.id}-title`}>{esc(props.title)}</title>
        {props.bars.map((bar, i) => {
          const y = 4 + i * row
          const w = Math.max(bar.value > 0 ? 2 : 0, Math.round((bar.value / max) * span))
          return (
            <g>
              <title>{esc(`${bar.label}: ${bar.text}`)}</title>
              <text x={labelWidth - 8} y={y + 17} text-anchor="end" class="chart-label">
                {esc(truncate(bar.label, 24))}
              </text>
              <rect x={labelWidth} y={y + 3} width={w} height={row - 8} class="chart-bar" />
              <text x={labelWidth + w + 6} y={y + 17} class="chart-value">
                {esc(bar.text)}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption safe>{props.title}</figcaption>
    </figure>
  )
}

/** Vertical bars (the SLA bands). */
export function ColumnChart(props: { id: string; title: string; bars: readonly Bar[] }) {
  const width = 640
  const height = 220
  const base = 180
  const max = Math.max(1, ...props.bars.map((b) => b.value))
  const slot = width / Math.max(1, props.bars.length)
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${props.id}-title`}
        data-chart={props.id}
      >
        <title id={`${props.id}-title`}>{esc(props.title)}</title>
        <line x1="0" y1={base} x2={width} y2={base} class="chart-axis" />
        {props.bars.map((bar, i) => {
          const h = Math.round((bar.value / max) * (base - 30))
          const x = i * slot + slot * 0.2
          return (
            <g>
              <title>{esc(`${bar.label}: ${bar.text}`)}</title>
              <rect x={x} y={base - h} width={slot * 0.6} height={h} class="chart-bar" />
              <text x={x + slot * 0.3} y={base - h - 6} text-anchor="middle" class="chart-value">
                {esc(bar.text)}
              </text>
              <text x={x + slot * 0.3} y={base + 22} text-anchor="middle" class="chart-label">
                {esc(bar.label)}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption safe>{props.title}</figcaption>
    </figure>
  )
}

/** Hour-of-week grid: darker cells had more leads; each cell's title gives its count and median. */
export function Heatmap(props: {
  id: string
  title: string
  cells: readonly { weekday: string; hour: number; leads: number; text: string }[]
}) {
  const cell = 22
  const left = 40
  const top = 18
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
  const max = Math.max(1, ...props.cells.map((c) => c.leads))
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${left + 24 * cell + 4} ${top + 7 * cell + 4}`}
        width="100%"
        role="img"
        aria-labelledby={`${props.id}-title`}
        data-chart={props.id}
      >
        <title id={`${props.id}-title`}>{esc(props.title)}</title>
        {[0, 6, 12, 18].map((hour) => (
          <text x={left + hour * cell} y={12} class="chart-label">
            {`${String(hour).padStart(2, '0')}:00`}
          </text>
        ))}
        {days.map((day, d) => (
          <text x={0} y={top + d * cell + 15} class="chart-label">
            {day}
          </text>
        ))}
        {props.cells.map((c) => {
          const d = days.indexOf(c.weekday)
          const level = c.leads === 0 ? 0 : 1 + Math.min(4, Math.floor((c.leads / max) * 4.999))
          return (
            <rect
              x={left + c.hour * cell}
              y={top + d * cell}
              width={cell - 2}
              height={cell - 2}
              class={`heat heat-${level}`}
            >
              <title>{esc(`${c.weekday} ${String(c.hour).padStart(2, '0')}:00: ${c.text}`)}</title>
            </rect>
          )
        })}
      </svg>
      <figcaption safe>{props.title}</figcaption>
    </figure>
  )
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
