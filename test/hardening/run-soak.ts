import { runSoak } from './soak.js'

// npm run soak: SOAK_MINUTES (default 30) at SOAK_RATE (default 50) leads a second, loopback only.
const report = await runSoak({
  minutes: Number(process.env.SOAK_MINUTES ?? 30),
  rate: Number(process.env.SOAK_RATE ?? 50),
  log: (line) => process.stdout.write(`${line}\n`),
})
process.stdout.write(
  `${report.minutes} min, ${report.leads} leads, ${report.notificationsSent} notifications sent, ${report.acknowledged} acknowledged, ${report.alerted} alerted, ${report.queueLeft} jobs left after ${report.drainSeconds.toFixed(0)} s of draining\n` +
    `RSS ${report.rssMiB.first} → ${report.rssMiB.last} MiB (max ${report.rssMiB.max}), slope ${report.rssSlopeMiBPerHour.toFixed(1)} MiB/h\n` +
    `fds ${report.fds.first} → ${report.fds.last} (max ${report.fds.max}), slope ${report.fdSlopePerHour.toFixed(1)} /h\n`,
)
// Flat: under 10 % of the starting RSS per hour, fewer than 10 descriptors per hour, every notification
// acknowledged, everything alerted.
const failed =
  report.queueLeft > 0 ||
  report.acknowledged < report.notificationsSent ||
  report.alerted < report.leads ||
  report.rssSlopeMiBPerHour > report.rssMiB.first * 0.1 ||
  report.fdSlopePerHour > 10
process.stdout.write(failed ? 'soak FAILED its checks\n' : 'soak passed its checks\n')
process.exit(failed ? 1 : 0)
