import type { Team } from '../../routing/index.js'
import { type Store, WEB_ROLES, type WebRole, type WebUserRow, webUsersRepository } from '../../store/index.js'
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js'

export class UserInputError extends Error {
  override readonly name = 'UserInputError'
}

export interface UserSpec {
  readonly email: string
  readonly name: string
  readonly role: string
  readonly memberId?: string | undefined
  readonly password: string
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Validates and stores a dashboard user (create, or replace the one with this e-mail). */
export async function saveUser(
  store: Store,
  team: Team | undefined,
  spec: UserSpec,
  at: number,
  options: { readonly keepSessionsIfUnchanged?: boolean } = {},
): Promise<WebUserRow> {
  const email = spec.email.trim().toLowerCase()
  if (!EMAIL.test(email)) throw new UserInputError(`"${spec.email}" is not an e-mail address`)
  if (!WEB_ROLES.includes(spec.role as WebRole))
    throw new UserInputError(`role must be one of ${WEB_ROLES.join(', ')} (got "${spec.role}")`)
  const role = spec.role as WebRole
  if (role === 'rep' && !spec.memberId)
    throw new UserInputError('a rep needs --member ID: the team member whose leads they work')
  if (spec.memberId && team && !team.members.some((m) => m.id === spec.memberId))
    throw new UserInputError(
      `no team member "${spec.memberId}" (team: ${team.members.map((m) => m.id).join(', ') || 'none'})`,
    )
  const problem = passwordProblem(spec.password)
  if (problem) throw new UserInputError(`the password ${problem}`)
  const existing = await webUsersRepository.findUserByEmail(store.db, email)
  // LEADRELAY_ADMIN_PASSWORD is applied at every start: the same password must not sign the admin out.
  const unchanged =
    existing !== undefined &&
    options.keepSessionsIfUnchanged === true &&
    (await verifyPassword(spec.password, existing.password_hash))
  const user = await webUsersRepository.upsertUser(
    store.db,
    {
      email,
      name: spec.name.trim() || email,
      role,
      memberId: spec.memberId ?? null,
      passwordHash: unchanged ? existing.password_hash : await hashPassword(spec.password),
    },
    at,
  )
  // A changed password signs the account out everywhere.
  if (existing && !unchanged) await webUsersRepository.revokeSessions(store.db, user.id)
  return user
}

/** Sets a new password and ends every session of the account; false when there is no such user. */
export async function resetPassword(store: Store, email: string, password: string, at: number): Promise<boolean> {
  const problem = passwordProblem(password)
  if (problem) throw new UserInputError(`the password ${problem}`)
  const user = await webUsersRepository.findUserByEmail(store.db, email.trim())
  if (!user) return false
  const hash = await hashPassword(password)
  await store.db.transaction().execute(async (trx) => {
    await webUsersRepository.setPassword(trx, user.id, hash, at)
    await webUsersRepository.revokeSessions(trx, user.id)
  })
  return true
}
