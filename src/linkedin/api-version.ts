const WARN_BEFORE_MS = 60 * 86_400_000

export interface VersionStatus {
  readonly version: string
  /** When LinkedIn may start answering 426: a year after the version's month (linkedin-api.md §4). */
  readonly sunsetsAround: string
  /** Set from 60 days before that date: what to do about it. */
  readonly warning: string | null
  /** Last month's version: released, so certainly active. */
  readonly newestToTry: string
}

const monthOf = (date: Date) => `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}`

/** How close a `LinkedIn-Version` (YYYYMM) is to its sunset, at `now`. */
export function versionStatus(version: string, now: Date): VersionStatus {
  const year = Number(version.slice(0, 4))
  const month = Number(version.slice(4, 6)) - 1
  const sunset = new Date(Date.UTC(year + 1, month, 1))
  const newestToTry = monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)))
  const sunsetsAround = sunset.toISOString().slice(0, 10)
  let warning: string | null = null
  if (now.getTime() >= sunset.getTime()) {
    warning = `LinkedIn-Version ${version} is a year old (since ${sunsetsAround}) and LinkedIn may answer 426 to every call: set LINKEDIN_VERSION to ${newestToTry} or newer.`
  } else if (now.getTime() >= sunset.getTime() - WARN_BEFORE_MS) {
    warning = `LinkedIn-Version ${version} will be a year old on ${sunsetsAround}, when LinkedIn may start answering 426 to every call: set LINKEDIN_VERSION to ${newestToTry} or newer.`
  }
  return { version, sunsetsAround, warning, newestToTry }
}

/** The ops alert for a 426: the version is gone, no lead can be fetched until LINKEDIN_VERSION changes. */
export function versionRejectedMessage(version: string, now: Date): string {
  return `LinkedIn answered 426 to LinkedIn-Version ${version} (sunset): no lead can be fetched or enriched. Set LINKEDIN_VERSION to ${versionStatus(version, now).newestToTry} (or the newest version LinkedIn lists) and restart.`
}
