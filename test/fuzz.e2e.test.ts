import { describe, expect, it } from 'vitest'
import { formatFuzzReport, runFuzz } from './hardening/fuzz.js'

// The short run of `npm run fuzz` (which sends 100,000 and also checks RSS growth).
describe('the webhook under hostile input (short fuzz)', () => {
  it('never crashes, never answers 5xx, stores only signed bodies and every valid notification once', async () => {
    const report = await runFuzz({ requests: Number(process.env.FUZZ_SHORT_REQUESTS ?? 3000), seed: 7 })
    const summary = formatFuzzReport(report)
    expect(report.crashed, summary).toBe(false)
    expect(report.unexpected, summary).toEqual([])
    expect(report.stored.unsigned, summary).toBe(0)
    expect(report.stored.validMissing, summary).toBe(0)
    expect(report.stored.validDuplicated, summary).toBe(0)
    expect(Object.keys(report.byClass).length, summary).toBe(11)
  }, 180_000)
})
