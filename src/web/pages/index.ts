import { inboxPage } from './inbox.js'
import { leadsPage } from './leads.js'
import type { WebPage } from './page.js'
import { sequencesPage } from './sequences.js'

/**
 * Every dashboard page, in navigation order. A new page is one module exporting a `WebPage` and one
 * line here; its routes land inside the signed-in, CSRF-checked scope.
 */
export const PAGES: readonly WebPage[] = [leadsPage, inboxPage, sequencesPage]
