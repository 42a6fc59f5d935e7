import { deliveriesPage } from './deliveries.js'
import { eventsPage } from './events.js'
import { healthPage } from './health.js'
import { inboxPage } from './inbox.js'
import { leadPage } from './lead.js'
import { leadOutcomePage } from './lead-outcome.js'
import { leadsPage } from './leads.js'
import type { WebPage } from './page.js'
import { reportsPage } from './reports.js'
import { rulesPage } from './rules.js'
import { sequencesPage } from './sequences.js'

/**
 * Every dashboard page, in navigation order. A new page is one module exporting a `WebPage` and one
 * line here; its routes land inside the signed-in, CSRF-checked scope.
 */
// biome-ignore format: one page per line, so pages added side by side merge without conflicts
export const PAGES: readonly WebPage[] = [
  leadsPage,
  leadPage,
  leadOutcomePage,
  deliveriesPage,
  healthPage,
  rulesPage,
  eventsPage,
  inboxPage,
  sequencesPage,
  reportsPage,
]
