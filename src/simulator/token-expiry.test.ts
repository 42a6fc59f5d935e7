import { describe, expect, it } from 'vitest'
import { testSimulator } from './test-helpers.js'

const DAY = 86_400_000

async function post(t: ReturnType<typeof testSimulator>, url: string, values: Record<string, string>) {
  return t.simulator.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(values).toString(),
  })
}
const introspect = (t: ReturnType<typeof testSimulator>, token: string) =>
  post(t, '/oauth/v2/introspectToken', { client_id: 'test-client', client_secret: 'test-client-secret', token })
const refresh = (t: ReturnType<typeof testSimulator>, token: string) =>
  post(t, '/oauth/v2/accessToken', {
    grant_type: 'refresh_token',
    refresh_token: token,
    client_id: 'test-client',
    client_secret: 'test-client-secret',
  })

// Issue 7 token health (alerts 14, 7 and 1 days before the refresh token expires); LinkedIn OAuth, learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow, /programmatic-refresh-tokens and /token-introspection.
describe('POST /simulator/tokens/expire', () => {
  it('sets a refresh token’s remaining lifetime; introspection shows it, and refresh is refused once past', async () => {
    const t = testSimulator()
    const grant = t.simulator.tokens.grant()
    const now = t.clock.now().getTime()
    const res = await t.simulator.app.inject({
      method: 'POST',
      url: '/simulator/tokens/expire',
      payload: { refreshToken: grant.refresh_token, refreshExpiresInSeconds: 7 * 86_400 },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      refresh_token_expires_at: Math.floor((now + 7 * DAY) / 1000),
      access_tokens: 1,
      // Access tokens never outlive their refresh token.
      access_token_expires_at: Math.floor((now + 7 * DAY) / 1000),
    })
    const seen = (await introspect(t, grant.refresh_token)).json()
    expect(seen).toMatchObject({ active: true, status: 'active', expires_at: Math.floor((now + 7 * DAY) / 1000) })
    expect((await introspect(t, grant.access_token)).json().expires_at).toBe(Math.floor((now + 7 * DAY) / 1000))

    // Before expiry a refresh works, and its access token is capped at the refresh token's expiry.
    const refreshed = await refresh(t, grant.refresh_token)
    expect(refreshed.statusCode).toBe(200)
    expect(refreshed.json()).toMatchObject({ refresh_token: grant.refresh_token, refresh_token_expires_in: 7 * 86_400 })
    expect(refreshed.json().expires_in).toBe(7 * 86_400)

    t.clock.advance(7 * DAY)
    expect((await introspect(t, grant.refresh_token)).json()).toMatchObject({ active: false, status: 'expired' })
    const refused = await refresh(t, grant.refresh_token)
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({ error: 'invalid_request' })
    const call = await t.rest('/rest/leadForms/7234246', { authorization: `Bearer ${refreshed.json().access_token}` })
    expect(call.json()).toMatchObject({ status: 401, code: 'EXPIRED_ACCESS_TOKEN' })
  })

  it('sets the access tokens’ lifetime alone, defaults to the last issued refresh token, 404s an unknown one', async () => {
    const t = testSimulator()
    t.simulator.tokens.grant()
    const grant = t.simulator.tokens.grant()
    const res = t.simulator.expireTokens({ accessExpiresInSeconds: 60 })
    expect(res?.access_tokens).toBe(1)
    expect((await introspect(t, grant.refresh_token)).json().expires_at).toBe(
      Math.floor((t.clock.now().getTime() + 365 * DAY) / 1000),
    )
    t.clock.advance(60_000)
    expect((await introspect(t, grant.access_token)).json()).toMatchObject({ status: 'expired', active: false })
    expect(
      (await t.rest('/rest/leadForms/7234246', { authorization: `Bearer ${grant.access_token}` })).statusCode,
    ).toBe(401)
    const unknown = await t.simulator.app.inject({
      method: 'POST',
      url: '/simulator/tokens/expire',
      payload: { refreshToken: 'nope', refreshExpiresInSeconds: 1 },
    })
    expect(unknown.statusCode).toBe(404)
    const bad = await t.simulator.app.inject({
      method: 'POST',
      url: '/simulator/tokens/expire',
      payload: { refreshExpiresInSeconds: -1 },
    })
    expect(bad.statusCode).toBe(400)
  })
})
