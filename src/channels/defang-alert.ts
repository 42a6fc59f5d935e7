import { defangLinks } from '../util/index.js'
import type { LeadAlert } from './channel.js'

/**
 * The alert with links broken in the fields a stranger types and that never hold one (names, job title,
 * company): Slack and Teams auto-link bare URLs and domains, so a job title could carry a phishing link
 * under LeadRelay's name. LeadRelay's own links (ackUrl, leadUrl) are buttons and stay as they are.
 */
export function defangAlert(alert: LeadAlert): LeadAlert {
  const defang = (value: string | null) => (value === null ? null : defangLinks(value))
  return {
    ...alert,
    name: defangLinks(alert.name),
    firstName: defang(alert.firstName),
    lastName: defang(alert.lastName),
    jobTitle: defang(alert.jobTitle),
    company: defang(alert.company),
  }
}
