import { type SeededOwners, seedForms } from './forms.js'
import { createLead } from './leads.js'
import type { LeadFormResponse, SeededForm } from './linkedin-types.js'
import { createRandom, type Random, seedNumber } from './random.js'

export interface SeedData {
  readonly owners: SeededOwners
  readonly forms: ReadonlyMap<number, SeededForm>
  /** Oldest first. Some lie beyond the 365-day retention window, so clients see it applied. */
  readonly leads: readonly LeadFormResponse[]
  /** Continues the seeded sequence, so leads submitted later are reproducible too. */
  readonly random: Random
}

const DAY = 86_400_000
export const SEEDED_LEAD_COUNT = 60
export const TEST_LEAD_SHARE = 0.1

/** Everything the simulator starts with, derived only from the seed and the clock's "now". */
export function createSeedData(seed: number | string, now: number): SeedData {
  const random = createRandom(seedNumber(seed))
  const { owners, forms } = seedForms(random, now)
  const formList = [...forms.values()]
  const ages = Array.from({ length: SEEDED_LEAD_COUNT }, () => random.int(1, 400 * 24) * (DAY / 24))
  ages.sort((a, b) => b - a)
  const leads = ages.map((age) => {
    const form = random.pick(formList)
    const version = random.pick(form.versions)
    return createLead(random, form, {
      submittedAt: now - age,
      testLead: random.chance(TEST_LEAD_SHARE),
      versionId: version.versionId,
    })
  })
  return { owners, forms, leads, random }
}
