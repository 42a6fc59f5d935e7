import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../../test/support/dialects.js'
import { type Store, webUsersRepository } from '../../store/index.js'
import { saveUser, UserInputError } from './users.js'

const TEAM = { fallbackOwner: 'sam', members: [{ id: 'ana' }, { id: 'sam' }] } as never
const PASSWORD = 'long enough password'

describe.each(dialectsUnderTest())('%s: dashboard users', (dialect) => {
  let store: Store
  let cleanup: () => Promise<void>
  beforeEach(async () => {
    ;({ store, cleanup } = await dialect.open())
  })
  afterEach(async () => cleanup())

  it.each([
    [{ email: 'not-an-email', role: 'admin' }, 'is not an e-mail address'],
    [{ email: 'x@example.com', role: 'boss' }, 'role must be one of admin, manager, rep'],
    [{ email: 'x@example.com', role: 'rep' }, 'a rep needs --member'],
    [{ email: 'x@example.com', role: 'rep', memberId: 'zed' }, 'no team member "zed"'],
    [{ email: 'x@example.com', role: 'admin', password: 'short' }, 'at least 10 characters'],
  ])('refuses %o: %s', async (spec, message) => {
    const saving = saveUser(store, TEAM, { name: 'X', password: PASSWORD, ...spec } as never, 1)
    await expect(saving).rejects.toThrow(UserInputError)
    await expect(saving).rejects.toThrow(message)
    expect(await webUsersRepository.listUsers(store.db)).toEqual([])
  })

  it('stores e-mails lower-cased, one account per address, and keeps sessions when the same password is applied again', async () => {
    const first = await saveUser(
      store,
      TEAM,
      { email: 'Ann@Example.com', name: 'Ann', role: 'admin', password: PASSWORD },
      1,
    )
    expect(first.email).toBe('ann@example.com')
    await webUsersRepository.createSession(store.db, {
      id: 's1',
      userId: first.id,
      csrfToken: 't',
      at: 1,
      expiresAt: 10,
    })
    await saveUser(store, TEAM, { email: 'ann@example.com', name: 'Ann', role: 'admin', password: PASSWORD }, 2, {
      keepSessionsIfUnchanged: true,
    })
    expect(await webUsersRepository.getSession(store.db, 's1')).toBeDefined()
    await saveUser(
      store,
      TEAM,
      { email: 'ann@example.com', name: 'Ann', role: 'admin', password: 'a new password!' },
      3,
      {
        keepSessionsIfUnchanged: true,
      },
    )
    expect(await webUsersRepository.getSession(store.db, 's1')).toBeUndefined()
    expect(await webUsersRepository.listUsers(store.db)).toHaveLength(1)
  })
})
