import type { Bar } from './bar-chart.js'

/** Columns over time (oldest left), as server-rendered SVG like `BarChart`; values printed above each column. */
export function ColumnChart({
  title,
  bars,
  width = 560,
  height = 200,
}: {
  title: string
  bars: readonly Bar[]
  width?: number
  height?: number
}) {
  const bottom = height - 34
  const top = 18
  const slot = width / Math.max(1, bars.length)
  const max = Math.max(1, ...bars.map((b) => b.value))
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <title safe>{title}</title>
      <line class="axis" x1="0" y1={bottom} x2={width} y2={bottom} />
      {bars.map((bar, i) => {
        const h = bar.value === 0 ? 0 : Math.max(2, Math.round((bar.value / max) * (bottom - top)))
        const x = i * slot + slot * 0.15
        const center = i * slot + slot / 2
        return (
          <g>
            <rect class={bar.tone === 'bad' ? 'bar bad' : 'bar'} x={x} y={bottom - h} width={slot * 0.7} height={h} />
            <text x={center} y={bottom - h - 4} text-anchor="middle" safe>
              {String(bar.value)}
            </text>
            <text x={center} y={bottom + 14} text-anchor="middle" safe>
              {bar.label}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
