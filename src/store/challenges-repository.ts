import type { Executor } from './executor.js'

export type ChallengeOutcome = 'answered' | 'refused' | 'not-configured'

export async function recordChallenge(db: Executor, at: number, outcome: ChallengeOutcome): Promise<void> {
  await db.insertInto('challenges').values({ at, outcome }).execute()
}

export async function lastChallenge(db: Executor): Promise<{ at: number; outcome: string } | undefined> {
  return db.selectFrom('challenges').select(['at', 'outcome']).orderBy('at', 'desc').limit(1).executeTakeFirst()
}

export async function countChallenges(db: Executor): Promise<number> {
  const row = await db.selectFrom('challenges').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
