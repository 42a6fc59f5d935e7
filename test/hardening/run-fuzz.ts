import { formatFuzzReport, runFuzz } from './fuzz.js'

// npm run fuzz: the full run (FUZZ_REQUESTS, default 100,000), loopback only.
const requests = Number(process.env.FUZZ_REQUESTS ?? 100_000)
const report = await runFuzz({ requests, seed: Number(process.env.FUZZ_SEED ?? 11) })
process.stdout.write(`${formatFuzzReport(report)}\n`)
const failed =
  report.crashed ||
  report.unexpected.length > 0 ||
  report.stored.unsigned > 0 ||
  report.stored.validMissing > 0 ||
  report.stored.validDuplicated > 0 ||
  report.rss.growth >= 0.1
process.exit(failed ? 1 : 0)
