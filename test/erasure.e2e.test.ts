import { existsSync, readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { formNamed, startWorld, type World } from './support/relay-with-simulator.js'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

/** How many times `needle` occurs in the database file and its write-ahead log. */
function copiesOnDisk(databaseUrl: string, needle: string): Record<string, number> {
  const file = databaseUrl.slice('sqlite:'.length)
  const counts: Record<string, number> = {}
  for (const path of [file, `${file}-wal`]) {
    if (!existsSync(path)) continue
    const bytes = readFileSync(path)
    let n = 0
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) n++
    counts[path.endsWith('-wal') ? 'wal' : 'db'] = n
  }
  return counts
}

describe('erasure on LinkedIn DELETED', () => {
  it('leaves no copy of the erased values in the database files, write-ahead log included', async () => {
    world = await startWorld({ env: { BACKFILL_DAYS: '0' } })
    const w = world
    const email = 'zebulon.erasable@acme-robotics.com'
    const lastName = 'Quixotically'
    const { lead } = await w.simulator.submitLead({
      formId: formNamed(w.simulator, 'Request a demo'),
      answers: { FIRST_NAME: 'Zebulon', LAST_NAME: lastName, WORK_EMAIL: email, COMPANY_NAME: 'Acme Robotics' },
    })
    const status = async () =>
      (await w.relay.store.db.selectFrom('leads').select('status').where('id', '=', lead.id).executeTakeFirst())?.status
    await expect.poll(status, { timeout: 15_000 }).not.toBe(undefined)
    await expect.poll(status, { timeout: 15_000 }).not.toBe('received')
    expect(Object.values(copiesOnDisk(w.databaseUrl, email)).reduce((a, b) => a + b, 0)).toBeGreaterThan(0)

    await w.simulator.deleteLead(lead.id)
    await expect.poll(status, { timeout: 15_000 }).toBe('deleted')
    await expect
      .poll(() => ({ email: copiesOnDisk(w.databaseUrl, email), lastName: copiesOnDisk(w.databaseUrl, lastName) }), {
        timeout: 10_000,
      })
      .toEqual({ email: { db: 0, wal: 0 }, lastName: { db: 0, wal: 0 } })
  })
})
