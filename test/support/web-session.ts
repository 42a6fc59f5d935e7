import type { FastifyInstance } from 'fastify'

export interface WebSession {
  /** The `cookie` header to send. */
  readonly cookie: string
  /** The session's CSRF token, as pages embed it. */
  readonly csrf: string
}

function cookieFrom(setCookie: string | string[] | undefined, name: string): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []
  const found = all.find((c) => c.startsWith(`${name}=`))
  return found?.split(';')[0]
}

export function hiddenCsrf(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
}

/** Posts the sign-in form as a browser would (login cookie + its token); returns the raw response. */
export async function postLogin(app: FastifyInstance, email: string, password: string, next = '/leads') {
  const form = await app.inject({ url: `/login?next=${encodeURIComponent(next)}` })
  const loginCookie = cookieFrom(form.headers['set-cookie'], 'leadrelay_login') ?? ''
  const token = hiddenCsrf(form.body) ?? ''
  return app.inject({
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    payload: new URLSearchParams({ _csrf: token, email, password, next }).toString(),
  })
}

/** Signs in through the real form and returns the session cookie and its CSRF token. */
export async function signIn(app: FastifyInstance, email: string, password: string): Promise<WebSession> {
  const response = await postLogin(app, email, password)
  const cookie = cookieFrom(response.headers['set-cookie'], 'leadrelay_session')
  if (response.statusCode !== 303 || !cookie) throw new Error(`sign-in failed: ${response.statusCode}`)
  const page = await app.inject({ url: '/leads', headers: { cookie } })
  const csrf = hiddenCsrf(page.body)
  if (!csrf) throw new Error('no CSRF token on the Leads page')
  return { cookie, csrf }
}

/** A form POST from a signed-in browser. */
export function postForm(
  app: FastifyInstance,
  session: WebSession,
  url: string,
  fields: Record<string, string>,
  options: { csrf?: boolean } = {},
) {
  const body = new URLSearchParams(options.csrf === false ? fields : { ...fields, _csrf: session.csrf })
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    payload: body.toString(),
  })
}
