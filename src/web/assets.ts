import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import type { AssetUrls } from './context.js'

const YEAR_SECONDS = 365 * 24 * 3600

// Two levels up is the package root both from src/web/ (tsx, tests) and from dist/web/ (npm start).
const OWN_ASSETS = fileURLToPath(new URL('../../src/web/assets/', import.meta.url))

function packageDir(name: string): { dir: string; version: string } {
  const require = createRequire(import.meta.url)
  const manifest = require.resolve(`${name}/package.json`)
  return {
    dir: dirname(manifest),
    version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version,
  }
}

/**
 * Serves htmx and its SSE extension from node_modules under their exact versions, and our own CSS
 * under a hash of its content: every URL changes when its bytes do, so browsers may keep them a year.
 */
export async function registerAssets(app: FastifyInstance): Promise<AssetUrls> {
  const htmx = packageDir('htmx.org')
  const sse = packageDir('htmx-ext-sse')
  const hash = createHash('sha256')
  for (const file of readdirSync(OWN_ASSETS).sort()) hash.update(file).update(readFileSync(join(OWN_ASSETS, file)))
  const ownVersion = hash.digest('hex').slice(0, 12)
  const immutable = { maxAge: YEAR_SECONDS * 1000, immutable: true, index: false, wildcard: false } as const
  const htmxPrefix = `/assets/htmx.org@${htmx.version}/`
  const ssePrefix = `/assets/htmx-ext-sse@${sse.version}/`
  const ownPrefix = `/assets/${ownVersion}/`
  await app.register(fastifyStatic, {
    ...immutable,
    root: join(htmx.dir, 'dist'),
    prefix: htmxPrefix,
    allowedPath: (path) => path === '/htmx.min.js',
  })
  await app.register(fastifyStatic, {
    ...immutable,
    root: join(sse.dir, 'dist'),
    prefix: ssePrefix,
    decorateReply: false,
    allowedPath: (path) => path === '/sse.min.js',
  })
  await app.register(fastifyStatic, { ...immutable, root: OWN_ASSETS, prefix: ownPrefix, decorateReply: false })
  return { htmx: `${htmxPrefix}htmx.min.js`, sse: `${ssePrefix}sse.min.js`, css: `${ownPrefix}app.css` }
}
