import type { ConfigKey } from './config-key.js'

export const SERVER_KEYS: readonly ConfigKey[] = [
  { env: 'HOST', path: ['server', 'host'], description: 'Address to listen on' },
  { env: 'PORT', path: ['server', 'port'], description: 'Port to listen on' },
  {
    env: 'PUBLIC_URL',
    path: ['server', 'publicUrl'],
    description: 'HTTPS address LinkedIn and people reach LeadRelay at (links, OAuth redirect)',
  },
  { env: 'TLS_CERT_FILE', path: ['server', 'tlsCertFile'], description: 'PEM certificate: serve HTTPS directly' },
  { env: 'TLS_KEY_FILE', path: ['server', 'tlsKeyFile'], description: 'PEM private key for TLS_CERT_FILE' },
  {
    env: 'REQUEST_TIMEOUT_MS',
    path: ['server', 'requestTimeoutMs'],
    description: 'A request (headers and body) must arrive within this long, or the connection is closed',
  },
  {
    env: 'HEADERS_TIMEOUT_MS',
    path: ['server', 'headersTimeoutMs'],
    description: 'The request headers must arrive within this long',
  },
  {
    env: 'CONNECTION_TIMEOUT_MS',
    path: ['server', 'idleTimeoutMs'],
    description: 'A connection that sends nothing for this long is closed',
  },
  {
    env: 'MAX_CONNECTIONS',
    path: ['server', 'maxConnections'],
    description: 'Open connections at most; further ones are refused at once',
  },
  {
    env: 'MAX_CONNECTIONS_PER_ADDRESS',
    path: ['server', 'maxConnectionsPerAddress'],
    description: 'Open connections one client address may hold (trusted proxies are exempt)',
  },
  {
    env: 'TRUST_PROXY',
    path: ['server', 'trustProxy'],
    description: 'Behind a reverse proxy: true, a hop count, or its IPs/CIDRs (client IP from X-Forwarded-For)',
  },
  { env: 'LEADRELAY_ROLE', path: ['server', 'role'], description: 'all, web (HTTP only) or worker (jobs only)' },
]

export const WEBHOOK_KEYS: readonly ConfigKey[] = [
  {
    env: 'WEBHOOK_ALLOW_CIDRS',
    path: ['webhook', 'allowCidrs'],
    description: 'Optional comma-separated IPs/CIDRs allowed to POST the webhook (LinkedIn publishes none)',
  },
  {
    env: 'WEBHOOK_BAD_SIGNATURE_LIMIT',
    path: ['webhook', 'badSignatureLimit'],
    description: 'Requests a minute one address may send with a bad signature before getting 429',
  },
  {
    env: 'WEBHOOK_QUARANTINE_MAX',
    path: ['webhook', 'quarantineMax'],
    description: 'Signed but unreadable bodies kept at most (the newest)',
  },
]

export const DATABASE_KEYS: readonly ConfigKey[] = [
  { env: 'DATABASE_URL', path: ['database', 'url'], secret: true, description: 'sqlite:PATH or postgres://…' },
  {
    env: 'SQLITE_SYNCHRONOUS',
    path: ['database', 'sqliteSynchronous'],
    description: 'FULL (survives power loss) or NORMAL (survives process crashes only)',
  },
  { env: 'POSTGRES_POOL_SIZE', path: ['database', 'postgresPoolSize'], description: 'PostgreSQL connections' },
  {
    env: 'COMMIT_TIMEOUT_MS',
    path: ['database', 'commitTimeoutMs'],
    description: 'Longest wait for a commit before the webhook answers 503 (LinkedIn retries)',
  },
]

export const DISPLAY_KEYS: readonly ConfigKey[] = [
  {
    env: 'DISPLAY_TIME_ZONE',
    path: ['display', 'timeZone'],
    description: 'IANA zone in which dates are shown as MM/DD/YYYY hh:mm AM/PM',
  },
]

export const WORKER_KEYS: readonly ConfigKey[] = [
  { env: 'WORKER_CONCURRENCY', path: ['worker', 'concurrency'], description: 'Jobs a worker runs at once' },
  {
    env: 'WORKER_POLL_INTERVAL_MS',
    path: ['worker', 'pollIntervalMs'],
    description: 'How often an idle worker looks for jobs enqueued by other processes',
  },
  { env: 'WORKER_LEASE_MS', path: ['worker', 'leaseMs'], description: 'How long a claimed job is held' },
]

export const LOG_KEYS: readonly ConfigKey[] = [
  { env: 'LOG_LEVEL', path: ['log', 'level'], description: 'fatal, error, warn, info, debug, trace or silent' },
]
