import { BlockList, isIPv4 } from 'node:net'

/** An allow-list of IPs/CIDRs; IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match their IPv4 entries. */
export function createAllowList(entries: readonly string[]): (address: string) => boolean {
  const list = new BlockList()
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined]
    const family = isIPv4(address) ? 'ipv4' : 'ipv6'
    if (bits === undefined) list.addAddress(address, family)
    else list.addSubnet(address, Number(bits), family)
  }
  return (address) => {
    const mapped = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address
    return isIPv4(mapped) ? list.check(mapped, 'ipv4') : list.check(address, 'ipv6')
  }
}

export interface FailureLimit {
  /** Whether this address is past its limit in the current window. */
  blocked(address: string, now: number): boolean
  /** Counts one failure. */
  record(address: string, now: number): void
  /** Seconds until the address's window ends. */
  retryAfterSeconds(address: string, now: number): number
}

// Bounds the memory an attacker rotating through addresses can make us spend.
const MAX_TRACKED = 50_000

/** Fixed one-minute windows per address. */
export function createFailureLimit(limitPerMinute: number, windowMs = 60_000): FailureLimit {
  const windows = new Map<string, { start: number; count: number }>()
  const current = (address: string, now: number) => {
    const window = windows.get(address)
    return window && now - window.start < windowMs ? window : undefined
  }
  return {
    blocked: (address, now) => (current(address, now)?.count ?? 0) >= limitPerMinute,
    record(address, now) {
      const window = current(address, now)
      if (window) {
        window.count++
        return
      }
      if (windows.size >= MAX_TRACKED) {
        for (const [key, value] of windows) if (now - value.start >= windowMs) windows.delete(key)
        if (windows.size >= MAX_TRACKED) windows.delete(windows.keys().next().value as string)
      }
      windows.delete(address)
      windows.set(address, { start: now, count: 1 })
    },
    retryAfterSeconds(address, now) {
      const window = current(address, now)
      return window ? Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) : 1
    },
  }
}
