import type { Logger } from '../util/index.js'

/** `5/s`, `300/m`, `2/h` or a bare number (per second) → leads per second; undefined when unreadable. */
export function parseRate(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m|h))?\s*$/.exec(text)
  if (!match) return undefined
  const per = { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h']
  return Number(match[1]) / per
}

const STEP_MS = 50
const BURST_CONCURRENCY = 64

/** A steady stream (`rate`) or a spike (`burst`) of submitted leads, for demos and the benchmark. */
export function createLeadStream(submit: () => Promise<unknown>, logger: Logger) {
  let timer: NodeJS.Timeout | undefined
  let perSecond = 0
  let owed = 0
  const fire = () => {
    submit().catch((error: Error) => logger.error({ err: error.message }, 'streamed lead failed'))
  }
  return {
    /** 0 stops the stream. Leads owed are carried between steps, so fractional rates come out right. */
    setRate(rate: number) {
      perSecond = rate
      owed = 0
      if (timer) clearInterval(timer)
      timer = undefined
      if (rate <= 0) return
      timer = setInterval(() => {
        owed += (perSecond * STEP_MS) / 1000
        while (owed >= 1) {
          owed -= 1
          fire()
        }
      }, STEP_MS)
      timer.unref()
    },
    rate: () => perSecond,
    async burst(count: number): Promise<{ submitted: number; failed: number }> {
      let next = 0
      let failed = 0
      const worker = async () => {
        while (next < count) {
          next += 1
          await submit().catch(() => {
            failed += 1
          })
        }
      }
      await Promise.all(Array.from({ length: Math.min(BURST_CONCURRENCY, count) }, worker))
      return { submitted: count, failed }
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = undefined
      perSecond = 0
    },
  }
}
export type LeadStream = ReturnType<typeof createLeadStream>
