import { describe, expect, it } from 'vitest'
import { compiledCliIsFresh } from './hardening/compiled-cli.js'
import { formatCrashLoopReport, runCrashLoop } from './hardening/crash-loop.js'

// The 10-kill version of `npm run crash-loop` (100 kills). It runs the compiled CLI when dist/ is up to
// date (CI's `npm ci` builds it), else the sources through tsx, slower to restart.
describe('kill -9 in a loop under steady load', () => {
  it('loses no acknowledged notification and duplicates no lead, alert or CRM record', async () => {
    const report = await runCrashLoop({
      kills: Number(process.env.CRASH_SHORT_KILLS ?? 10),
      rate: 500,
      seed: 5,
      compiled: compiledCliIsFresh(),
    })
    const summary = formatCrashLoopReport(report)
    expect(report.acknowledged, summary).toBeGreaterThan(0)
    expect(report.acknowledgedMissing, summary).toBe(0)
    expect(report.leadsMissing, summary).toBe(0)
    expect(report.duplicateAlerts, summary).toBe(0)
    expect(report.duplicateCrmContacts, summary).toBe(0)
    expect(report.duplicateCrmTasks, summary).toBe(0)
    expect(report.queueLeft, summary).toBe(0)
  }, 600_000)
})
