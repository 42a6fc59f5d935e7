import type { Executor } from './executor.js'

export async function getCachedForm(db: Executor, formId: string, version: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('lead_forms')
    .select('body')
    .where('form_id', '=', formId)
    .where('version', '=', version)
    .executeTakeFirst()
  return row?.body
}

export async function cacheForm(
  db: Executor,
  formId: string,
  version: number,
  body: string,
  at: number,
): Promise<void> {
  await db
    .insertInto('lead_forms')
    .values({ form_id: formId, version, body, fetched_at: at })
    .onConflict((oc) => oc.columns(['form_id', 'version']).doNothing())
    .execute()
}
