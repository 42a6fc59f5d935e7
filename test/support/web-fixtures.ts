import { leadsRepository, type NewLeadRow, type Store, webUsersRepository } from '../../src/store/index.js'
import { hashPassword } from '../../src/web/auth/passwords.js'

export const PASSWORD = 'correct horse battery'

export const TEAM_YAML = `
team:
  fallbackOwner: sam
  members:
    - { id: ana, name: Ana Ortiz, timeZone: America/Los_Angeles }
    - { id: ben, name: Ben Cole, timeZone: America/Denver }
    - { id: sam, name: Sam Reed, timeZone: America/Chicago }
`

// scrypt is slow on purpose; hashing the shared password once keeps the suites quick.
let hashed: Promise<string> | undefined

/** An admin, a manager and two reps (ana, ben), all with PASSWORD. */
export async function addUsers(store: Store, at: number) {
  hashed ??= hashPassword(PASSWORD)
  const passwordHash = await hashed
  for (const [email, role, memberId] of [
    ['admin@example.com', 'admin', undefined],
    ['manager@example.com', 'manager', undefined],
    ['ana@example.com', 'rep', 'ana'],
    ['ben@example.com', 'rep', 'ben'],
  ] as const) {
    const name = email.split('@')[0] ?? email
    await webUsersRepository.upsertUser(store.db, { email, name, role, memberId: memberId ?? null, passwordHash }, at)
  }
}

export function leadRow(id: string, at: number, overrides: Partial<NewLeadRow> & { name?: string } = {}): NewLeadRow {
  const { name = 'Ann Lee', ...row } = overrides
  const [firstName, lastName] = name.split(' ')
  const email = `${id}@acme.com`
  return {
    id,
    urn: `urn:li:leadGenFormResponse:${id}`,
    status: 'enriched',
    lead_type: 'SPONSORED',
    form_id: '100',
    form_version: 1,
    owner: JSON.stringify({ sponsoredAccount: 'urn:li:sponsoredAccount:1' }),
    submitted_at: at - 60_000,
    received_at: at,
    test: 0,
    source: 'webhook',
    fields: JSON.stringify({ firstName, lastName, email, jobTitle: 'VP Sales', company: 'Acme', warnings: [] }),
    search_text: `${name} ${email} acme`.toLowerCase(),
    created_at: at,
    updated_at: at,
    ...row,
  }
}

export async function insertLeads(store: Store, rows: readonly NewLeadRow[]) {
  for (const row of rows) {
    await leadsRepository.insertLeadIfNew(store.db, row)
    await leadsRepository.addTimeline(store.db, row.id, 'received', row.received_at, 'notification 1')
  }
}
