export interface Bar {
  readonly label: string
  readonly value: number
  /** `bad` draws the bar red (dead letters, failures). */
  readonly tone?: 'bad'
}

/**
 * A horizontal bar chart as plain SVG, rendered on the server: no script, no inline style (the CSP
 * allows neither), colours from classes in app.css. The numbers are also in the text, so the chart is
 * readable without seeing the bars.
 */
export function BarChart({ title, bars, width = 560 }: { title: string; bars: readonly Bar[]; width?: number }) {
  const rowHeight = 24
  const labelWidth = 150
  const valueWidth = 60
  const height = Math.max(1, bars.length) * rowHeight + 8
  const max = Math.max(1, ...bars.map((b) => b.value))
  const span = width - labelWidth - valueWidth
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <title safe>{title}</title>
      <line class="axis" x1={labelWidth} y1="2" x2={labelWidth} y2={height - 4} />
      {bars.map((bar, i) => {
        const y = 6 + i * rowHeight
        const w = bar.value === 0 ? 0 : Math.max(2, Math.round((bar.value / max) * span))
        return (
          <g>
            <text x={labelWidth - 8} y={y + 13} text-anchor="end" safe>
              {bar.label}
            </text>
            <rect
              class={bar.tone === 'bad' ? 'bar bad' : 'bar'}
              x={labelWidth + 1}
              y={y}
              width={w}
              height={rowHeight - 8}
            />
            <text x={labelWidth + w + 6} y={y + 13} safe>
              {String(bar.value)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
