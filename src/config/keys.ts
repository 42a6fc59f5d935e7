/**
 * Every configuration key: its place in leadrelay.config.yaml, its environment variable and what it
 * means. The README's configuration reference is checked against this table by a test.
 */
export interface ConfigKey {
  readonly env: string
  readonly path: readonly [string, string]
  readonly secret?: boolean
  readonly description: string
}

export const CONFIG_KEYS: readonly ConfigKey[] = [
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
  { env: 'LEADRELAY_ROLE', path: ['server', 'role'], description: 'all, web (HTTP only) or worker (jobs only)' },
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
  { env: 'LINKEDIN_CLIENT_ID', path: ['linkedin', 'clientId'], description: 'LinkedIn app client id' },
  {
    env: 'LINKEDIN_CLIENT_SECRET',
    path: ['linkedin', 'clientSecret'],
    secret: true,
    description: 'LinkedIn app client secret: signs challenges, verifies X-LI-Signature',
  },
  {
    env: 'LINKEDIN_CLIENT_SECRET_PREVIOUS',
    path: ['linkedin', 'clientSecretPrevious'],
    secret: true,
    description: 'The secret before a rotation, still accepted on notifications',
  },
  { env: 'LINKEDIN_API_URL', path: ['linkedin', 'apiUrl'], description: 'LinkedIn REST API base URL' },
  { env: 'LINKEDIN_OAUTH_URL', path: ['linkedin', 'oauthUrl'], description: 'LinkedIn OAuth base URL' },
  {
    env: 'LINKEDIN_VERSION',
    path: ['linkedin', 'version'],
    description: 'LinkedIn-Version header (YYYYMM); LinkedIn sunsets versions after a year',
  },
  { env: 'LINKEDIN_TIMEOUT_MS', path: ['linkedin', 'timeoutMs'], description: 'Timeout of each LinkedIn API call' },
  {
    env: 'LINKEDIN_ACCESS_TOKEN',
    path: ['linkedin', 'accessToken'],
    secret: true,
    description: 'Seeds the stored LinkedIn token at start when none is stored (containers)',
  },
  {
    env: 'LINKEDIN_REFRESH_TOKEN',
    path: ['linkedin', 'refreshToken'],
    secret: true,
    description: 'Seeds the stored refresh token with LINKEDIN_ACCESS_TOKEN',
  },
  {
    env: 'LEADRELAY_SECRET_KEY',
    path: ['security', 'secretKey'],
    secret: true,
    description: 'Encrypts stored secrets (AES-256-GCM); at least 16 characters, keep it safe',
  },
  {
    env: 'ALLOW_PLAINTEXT_SECRETS',
    path: ['security', 'allowPlaintextSecrets'],
    description: 'true lets an https PUBLIC_URL start without LEADRELAY_SECRET_KEY (secrets stored unencrypted)',
  },
  {
    env: 'ENCRYPT_PERSONAL_DATA',
    path: ['security', 'encryptPersonalData'],
    description:
      "true encrypts leads' personal data with LEADRELAY_SECRET_KEY (AES-256-GCM); lead search then matches an exact e-mail only",
  },

  {
    env: 'DISPLAY_TIME_ZONE',
    path: ['display', 'timeZone'],
    description: 'IANA zone in which dates are shown as MM/DD/YYYY hh:mm AM/PM',
  },
  {
    env: 'LEADRELAY_API_TOKEN',
    path: ['api', 'token'],
    secret: true,
    description:
      'Bearer token for /api/* (at least 32 characters: openssl rand -hex 32); the API answers 401 without it',
  },
  {
    env: 'SLACK_WEBHOOK_URL',
    path: ['alerts', 'slackWebhookUrl'],
    secret: true,
    description: 'Adds a Slack channel alerting on every lead',
  },
  {
    env: 'SLACK_SIGNING_SECRET',
    path: ['alerts', 'slackSigningSecret'],
    secret: true,
    description: "Verifies Slack's button clicks (interactivity) at /slack/interactivity",
  },
  {
    env: 'SMTP_URL',
    path: ['alerts', 'smtpUrl'],
    secret: true,
    description: 'With ALERT_EMAIL_FROM and ALERT_EMAIL_TO: adds an e-mail channel',
  },
  { env: 'ALERT_EMAIL_FROM', path: ['alerts', 'emailFrom'], description: 'Sender of e-mail alerts' },
  { env: 'ALERT_EMAIL_TO', path: ['alerts', 'emailTo'], description: 'Comma-separated recipients of e-mail alerts' },
  {
    env: 'ALERT_WEBHOOK_URL',
    path: ['alerts', 'webhookUrl'],
    description: 'With ALERT_WEBHOOK_SECRET: adds a signed outgoing webhook',
  },
  {
    env: 'ALERT_WEBHOOK_SECRET',
    path: ['alerts', 'webhookSecret'],
    secret: true,
    description: 'Standard Webhooks secret (whsec_…)',
  },
  { env: 'ACK_LINK_TTL_HOURS', path: ['alerts', 'ackLinkTtlHours'], description: 'How long "I\'m on it" links work' },
  {
    env: 'ESCALATE_HOT_MINUTES',
    path: ['escalation', 'hotMinutes'],
    description: 'Escalate a hot lead nobody acknowledged after this long (0: never)',
  },
  { env: 'ESCALATE_WARM_MINUTES', path: ['escalation', 'warmMinutes'], description: 'The same for warm leads' },
  { env: 'ESCALATE_COLD_MINUTES', path: ['escalation', 'coldMinutes'], description: 'The same for cold leads' },
  {
    env: 'RECONCILE_AT',
    path: ['pulls', 'reconcileAt'],
    description: 'Local time (HH:MM) of the daily reconciliation pull',
  },
  {
    env: 'RECONCILE_WINDOW_HOURS',
    path: ['pulls', 'reconcileWindowHours'],
    description: 'How far back the daily pull looks',
  },
  {
    env: 'BACKFILL_DAYS',
    path: ['pulls', 'backfillDays'],
    description: 'How far back the first pull of a new subscription reads (0: none)',
  },
  {
    env: 'ALERT_MAX_AGE_HOURS',
    path: ['pulls', 'alertMaxAgeHours'],
    description: 'Pulled leads submitted longer ago are stored and routed, not alerted',
  },
  {
    env: 'HUBSPOT_ACCESS_TOKEN',
    path: ['crm', 'hubspotAccessToken'],
    secret: true,
    description: 'HubSpot private-app token: adds a HubSpot channel',
  },
  { env: 'HUBSPOT_API_URL', path: ['crm', 'hubspotApiUrl'], description: 'HubSpot API base URL' },
  {
    env: 'SALESFORCE_INSTANCE_URL',
    path: ['crm', 'salesforceInstanceUrl'],
    description: 'Your Salesforce My Domain URL: with the client id and secret, adds a Salesforce channel',
  },
  {
    env: 'SALESFORCE_LOGIN_URL',
    path: ['crm', 'salesforceLoginUrl'],
    description: 'Where the OAuth token request goes (default: SALESFORCE_INSTANCE_URL)',
  },
  {
    env: 'SALESFORCE_CLIENT_ID',
    path: ['crm', 'salesforceClientId'],
    description: 'Connected app consumer key (client credentials flow)',
  },
  {
    env: 'SALESFORCE_CLIENT_SECRET',
    path: ['crm', 'salesforceClientSecret'],
    secret: true,
    description: 'Connected app consumer secret',
  },
  {
    env: 'TEAMS_WEBHOOK_URL',
    path: ['crm', 'teamsWebhookUrl'],
    secret: true,
    description: 'Microsoft Teams Workflows URL: adds a Teams channel alerting on every lead',
  },
  {
    env: 'OPS_SLACK_WEBHOOK_URL',
    path: ['ops', 'slackWebhookUrl'],
    secret: true,
    description: 'Slack incoming webhook for operator alerts (missed webhooks, challenge silence, expiring tokens)',
  },
  {
    env: 'OPS_WEBHOOK_URL',
    path: ['ops', 'webhookUrl'],
    description: 'With OPS_WEBHOOK_SECRET: operator alerts as signed webhooks',
  },
  {
    env: 'OPS_WEBHOOK_SECRET',
    path: ['ops', 'webhookSecret'],
    secret: true,
    description: 'Standard Webhooks secret (whsec_…) for OPS_WEBHOOK_URL',
  },
  {
    env: 'OPS_EMAIL_TO',
    path: ['ops', 'emailTo'],
    description: 'Comma-separated: operator alerts by e-mail (through SMTP_URL, from ALERT_EMAIL_FROM)',
  },
  {
    env: 'HEALTH_CHALLENGE_SILENCE_MINUTES',
    path: ['ops', 'challengeSilenceMinutes'],
    description: 'Alert when LinkedIn has not challenged the webhook for this long (LinkedIn re-validates every 2 h)',
  },
  {
    env: 'RETENTION_DAYS',
    path: ['ops', 'retentionDays'],
    description: "Erase leads' personal data this many days after arrival, as a DELETED would (0: keep)",
  },
  { env: 'HEALTH_CHECK_MINUTES', path: ['ops', 'healthCheckMinutes'], description: 'How often the health checks run' },
  { env: 'WORKER_CONCURRENCY', path: ['worker', 'concurrency'], description: 'Jobs a worker runs at once' },
  {
    env: 'WORKER_POLL_INTERVAL_MS',
    path: ['worker', 'pollIntervalMs'],
    description: 'How often an idle worker looks for jobs enqueued by other processes',
  },
  { env: 'WORKER_LEASE_MS', path: ['worker', 'leaseMs'], description: 'How long a claimed job is held' },
  { env: 'LOG_LEVEL', path: ['log', 'level'], description: 'fatal, error, warn, info, debug, trace or silent' },
  {
    env: 'LEADRELAY_ADMIN_EMAIL',
    path: ['dashboard', 'adminEmail'],
    description: 'Creates (or updates) this dashboard admin at start, with LEADRELAY_ADMIN_PASSWORD',
  },
  {
    env: 'LEADRELAY_ADMIN_PASSWORD',
    path: ['dashboard', 'adminPassword'],
    secret: true,
    description: "The admin's password (at least 10 characters); changing it signs that admin out everywhere",
  },
  {
    env: 'DASHBOARD_SESSION_IDLE_MINUTES',
    path: ['dashboard', 'sessionIdleMinutes'],
    description: 'A dashboard session ends after this long without a request',
  },
  {
    env: 'DASHBOARD_SESSION_MAX_HOURS',
    path: ['dashboard', 'sessionMaxHours'],
    description: 'A dashboard session ends this long after sign-in, however active',
  },
  {
    env: 'DASHBOARD_REPS_CAN_REASSIGN',
    path: ['dashboard', 'repsCanReassign'],
    description: 'true or false: reps may hand their own leads to another team member',
  },
]
