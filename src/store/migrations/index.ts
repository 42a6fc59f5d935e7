import type { Migration, MigrationProvider } from 'kysely'
import * as initial from './2026-11-27-000-initial.js'
import * as leads from './2026-11-27-001-leads.js'
import * as alerts from './2026-11-27-002-alerts.js'
import * as subscriptions from './2026-11-27-003-subscriptions.js'
import * as pulls from './2026-11-27-004-pulls.js'
import * as opsAlerts from './2026-11-27-005-ops-alerts.js'
import * as rawBytes from './2026-12-01-11-000-raw-bytes.js'
import * as dashboard from './2026-12-01-12-000-dashboard.js'
import * as outcomes from './2026-12-01-13-outcomes.js'
import * as sequences from './2026-12-01-14-sequences.js'
import * as personalDataHashes from './2026-12-02-11-personal-data-hashes.js'
import * as leadCampaigns from './2026-12-02-12-lead-campaigns.js'
import * as subscriptionSnapshots from './2026-12-02-12-subscription-snapshots.js'
import * as reportKeys from './2026-12-02-13-report-keys.js'
import * as claimByName from './2026-12-02-15-claim-by-name.js'
import * as speedDurations from './2026-12-03-13-speed-durations.js'

/** Forward-only; a new migration is a new file added here, named by date so the order is the name order. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-27-000-initial': initial,
  '2026-11-27-001-leads': leads,
  '2026-11-27-002-alerts': alerts,
  '2026-11-27-003-subscriptions': subscriptions,
  '2026-11-27-004-pulls': pulls,
  '2026-11-27-005-ops-alerts': opsAlerts,
  '2026-12-01-11-000-raw-bytes': rawBytes,
  '2026-12-01-12-000-dashboard': dashboard,
  '2026-12-01-13-outcomes': outcomes,
  '2026-12-01-14-sequences': sequences,
  '2026-12-02-11-personal-data-hashes': personalDataHashes,
  '2026-12-02-12-lead-campaigns': leadCampaigns,
  '2026-12-02-12-subscription-snapshots': subscriptionSnapshots,
  '2026-12-02-13-report-keys': reportKeys,
  '2026-12-02-15-claim-by-name': claimByName,
  '2026-12-03-13-speed-durations': speedDurations,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
}
