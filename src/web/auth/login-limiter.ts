import { type Store, webUsersRepository } from '../../store/index.js'

export const MAX_FAILURES = 10
export const WINDOW_MS = 60_000

const keysFor = (ip: string, email: string) => [`ip:${ip}`, `account:${email.trim().toLowerCase()}`]

/**
 * Failed sign-ins per IP and per account over the last minute, counted in the database so that every
 * web process shares them. Blocked: the seconds until the oldest failure leaves the window.
 */
export function createLoginLimiter(store: Store) {
  return {
    async blockedFor(ip: string, email: string, now: number): Promise<number | undefined> {
      const counts = await webUsersRepository.countLoginFailures(store.db, keysFor(ip, email), now - WINDOW_MS)
      const over = counts.filter((c) => c.count >= MAX_FAILURES)
      if (over.length === 0) return undefined
      const until = Math.max(...over.map((c) => c.oldest + WINDOW_MS))
      return Math.max(1, Math.ceil((until - now) / 1000))
    },
    async recordFailure(ip: string, email: string, now: number): Promise<void> {
      await webUsersRepository.recordLoginFailure(store.db, keysFor(ip, email), now)
      await webUsersRepository.pruneLoginFailures(store.db, now - WINDOW_MS)
    },
  }
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>
