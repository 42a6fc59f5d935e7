import type { PropsWithChildren } from '@kitajs/html'
import type { WebState } from '../context.js'

// No eval, no inline indicator styles (the CSP forbids both), and requests only to this origin.
const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, allowEval: false, selfRequestsOnly: true })

export type Chrome = Pick<WebState, 'assets' | 'path'> & Partial<Pick<WebState, 'user' | 'nav' | 'csrfToken'>>

/** Every page: skip link, navigation for the signed-in user's role, main landmark. */
export function Layout({ web, title, children }: PropsWithChildren<{ web: Chrome; title: string }>) {
  return (
    <>
      {'<!doctype html>'}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title safe>{`${title} · LeadRelay`}</title>
          <link rel="stylesheet" href={web.assets.css} />
          <script src={web.assets.htmx} defer></script>
          <script src={web.assets.sse} defer></script>
        </head>
        <body hx-headers={web.csrfToken ? JSON.stringify({ 'x-csrf-token': web.csrfToken }) : undefined}>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="top">
            <a class="brand" href="/">
              LeadRelay
            </a>
            {web.user && web.nav ? (
              <nav aria-label="Main">
                <ul>
                  {web.nav.map((entry) => (
                    <li>
                      <a href={entry.href} aria-current={isCurrent(web.path, entry.href) ? 'page' : undefined} safe>
                        {entry.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : (
              ''
            )}
            {web.user ? (
              <form class="signout" method="post" action="/logout">
                <input type="hidden" name="_csrf" value={web.csrfToken} />
                <span class="who" safe>{`${web.user.name} (${web.user.role})`}</span>
                <button type="submit">Sign out</button>
              </form>
            ) : (
              ''
            )}
          </header>
          <main id="main" tabindex="-1">
            <h1 safe>{title}</h1>
            {children}
          </main>
        </body>
      </html>
    </>
  )
}

function isCurrent(path: string, href: string): boolean {
  return path === href || path.startsWith(`${href}/`)
}

/** The hidden field every state-changing form carries. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}
