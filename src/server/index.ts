/** The HTTP side: Fastify app factory, routes (webhook, API, health, metrics), auth and metrics. */
export { type BuildServerDeps, buildServer } from './build-server.js'
export { createHttpServer, type HttpServer, type HttpServerDeps } from './create-server.js'
export { createMetrics, type Metrics } from './metrics.js'
export { eventSummary } from './routes/api/events.js'
