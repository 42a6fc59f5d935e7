import { formatCrashLoopReport, runCrashLoop } from './crash-loop.js'

// npm run crash-loop: 100 kill -9 (CRASH_KILLS) under 500 signed notifications a second, loopback only;
// the compiled CLI, built first, so a hundred restarts do not each pay for tsx.
const report = await runCrashLoop({
  kills: Number(process.env.CRASH_KILLS ?? 100),
  rate: Number(process.env.CRASH_RATE ?? 500),
  compiled: process.env.CRASH_COMPILED === '1',
  log: (line) => process.stdout.write(`${line}\n`),
})
process.stdout.write(`${formatCrashLoopReport(report)}\n`)
const failed =
  report.acknowledgedMissing > 0 ||
  report.leadsMissing > 0 ||
  report.duplicateAlerts > 0 ||
  report.duplicateCrmContacts > 0 ||
  report.duplicateCrmTasks !== 0 ||
  report.queueLeft > 0
process.exit(failed ? 1 : 0)
