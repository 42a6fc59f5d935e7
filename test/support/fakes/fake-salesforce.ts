import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire, checked field by field below
type Json = any

export interface SalesforceRecord {
  readonly Id: string
  fields: Record<string, unknown>
}

/** A scripted answer, used once by the next request whose path starts with `path` (any request when absent). */
export interface SalesforceAnswer {
  readonly path?: string
  readonly status: number
  readonly body?: unknown
  readonly headers?: Record<string, string>
}

export interface FakeSalesforceOptions {
  readonly clientId: string
  readonly clientSecret: string
  /** Accepted for grant_type=refresh_token. */
  readonly refreshToken?: string
  /** Lead fields marked External ID. */
  readonly leadExternalIdFields?: readonly string[]
  /** Task (Activity) fields marked External ID. */
  readonly taskExternalIdFields?: readonly string[]
  /** Custom Lead fields besides the standard ones. */
  readonly customLeadFields?: readonly string[]
}

const LEAD_FIELDS = [
  'FirstName',
  'LastName',
  'Email',
  'Phone',
  'Title',
  'Company',
  'City',
  'State',
  'PostalCode',
  'Country',
  'Industry',
  'LeadSource',
  'OwnerId',
  'Status',
]
const TASK_FIELDS = new Set([
  'WhoId',
  'WhatId',
  'OwnerId',
  'Subject',
  'ActivityDate',
  'ReminderDateTime',
  'IsReminderSet',
  'Priority',
  'Status',
  'Description',
  'Type',
])
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
/** The outcome read-back: `SELECT <fields> FROM Lead|Opportunity WHERE Id IN ('…', …)`. */
const BY_IDS = /^SELECT ([\w, ]+) FROM (Lead|Opportunity) WHERE Id IN \(((?:'[A-Za-z0-9]{15,18}',?)+)\)$/i
const SOQL = /^SELECT OwnerId FROM (Contact|Lead|Account) WHERE (Email|Website) (=|LIKE) '((?:[^'\\]|\\.)*)'/i

/**
 * A local Salesforce on 127.0.0.1: the OAuth token endpoint (client credentials and refresh token), sObject Rows by
 * External ID for Lead and Task (PATCH upsert 201/200, GET, DELETE 204), Lead and Task by id (PATCH 204), and the owner lookups
 * of SOQL `/query`. Errors are Salesforce's JSON arrays `[{ message, errorCode, fields }]`. Sessions can be expired
 * on demand or after N API calls (401 INVALID_SESSION_ID), and answers scripted (REQUEST_LIMIT_EXCEEDED, 5xx).
 */
export async function startFakeSalesforce(options: FakeSalesforceOptions) {
  const leads = new Map<string, SalesforceRecord>()
  const tasks = new Map<string, SalesforceRecord>()
  const contacts: SalesforceRecord[] = []
  const accounts: SalesforceRecord[] = []
  const opportunities: SalesforceRecord[] = []
  const answers: SalesforceAnswer[] = []
  const validTokens = new Set<string>()
  const leadExternal = new Set(options.leadExternalIdFields ?? ['LinkedIn_Lead_Id__c'])
  const taskExternal = new Set(options.taskExternalIdFields ?? ['LeadRelay_Delivery_Key__c'])
  const leadFields = new Set([...LEAD_FIELDS, ...leadExternal, ...(options.customLeadFields ?? [])])
  let tokenRequests = 0
  let apiCalls = 0
  let expireAfter: number | undefined
  let counter = 0
  const newId = (prefix: string) => `${prefix}${String(++counter).padStart(12, '0')}AAA`

  const server = createServer(async (req, res) => {
    const bodyText = await readBody(req)
    const url = new URL(req.url ?? '/', 'http://fake')
    if (req.method === 'POST' && url.pathname === '/services/oauth2/token') return token(bodyText, res)
    const scriptedAt = answers.findIndex((a) => !a.path || url.pathname.includes(a.path))
    if (scriptedAt >= 0) {
      const [scripted] = answers.splice(scriptedAt, 1)
      return send(res, scripted!.status, scripted!.body, scripted!.headers)
    }
    const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? ''
    if (expireAfter !== undefined && apiCalls >= expireAfter) {
      validTokens.clear()
      expireAfter = undefined
    }
    if (!validTokens.has(bearer)) {
      return send(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }])
    }
    apiCalls++
    let body: Json
    try {
      body = bodyText ? JSON.parse(bodyText) : undefined
    } catch {
      return send(res, 400, [{ message: 'The request body is not valid JSON', errorCode: 'JSON_PARSER_ERROR' }])
    }
    const match = /^\/services\/data\/v\d+\.\d+(\/.*)$/.exec(url.pathname)
    if (!match) return send(res, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }])
    route(req.method ?? 'GET', match[1]!, url, body, res)
  })

  function token(bodyText: string, res: ServerResponse) {
    tokenRequests++
    const form = new URLSearchParams(bodyText)
    const grant = form.get('grant_type')
    const clientOk = form.get('client_id') === options.clientId && form.get('client_secret') === options.clientSecret
    if (!clientOk) return send(res, 400, { error: 'invalid_client', error_description: 'invalid client credentials' })
    if (grant === 'refresh_token' && form.get('refresh_token') !== options.refreshToken) {
      return send(res, 400, { error: 'invalid_grant', error_description: 'expired access/refresh token' })
    }
    if (grant !== 'client_credentials' && grant !== 'refresh_token') {
      return send(res, 400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' })
    }
    const accessToken = `00DFAKE!${randomBytes(12).toString('hex')}`
    validTokens.add(accessToken)
    send(res, 200, {
      access_token: accessToken,
      instance_url: base,
      id: `${base}/id/00DFAKE/005FAKE`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: randomBytes(8).toString('base64'),
    })
  }

  function route(method: string, path: string, url: URL, body: Json, res: ServerResponse) {
    const byExternal = /^\/sobjects\/(Lead|Task)\/([^/]+)\/([^/]+)$/.exec(path)
    if (byExternal) {
      const [, object, field, rawValue] = byExternal
      const value = decodeURIComponent(rawValue!)
      const fieldName = decodeURIComponent(field!)
      const externals = object === 'Lead' ? leadExternal : taskExternal
      if (!externals.has(fieldName)) {
        return send(res, 404, [
          {
            message: `Provided external ID field does not exist or is not accessible: ${fieldName}`,
            errorCode: 'NOT_FOUND',
          },
        ])
      }
      const store = object === 'Lead' ? leads : tasks
      const existing = [...store.values()].find((r) => r.fields[fieldName] === value)
      if (method === 'GET') {
        if (!existing)
          return send(res, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }])
        return send(res, 200, { attributes: { type: object }, Id: existing.Id, ...existing.fields })
      }
      if (method === 'DELETE') {
        if (!existing)
          return send(res, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }])
        store.delete(existing.Id)
        if (object === 'Lead') for (const t of tasks.values()) if (t.fields['WhoId'] === existing.Id) tasks.delete(t.Id)
        return send(res, 204)
      }
      if (method === 'PATCH') {
        const problems = object === 'Lead' ? leadProblems(body, !existing) : taskProblems(body)
        if (problems.length) return send(res, 400, problems)
        if (existing) {
          Object.assign(existing.fields, body)
          return send(res, 200, { id: existing.Id, success: true, errors: [], created: false })
        }
        const record = { Id: newId(object === 'Lead' ? '00Q' : '00T'), fields: { ...body, [fieldName]: value } }
        store.set(record.Id, record)
        return send(res, 201, { id: record.Id, success: true, errors: [], created: true })
      }
    }
    const taskById = /^\/sobjects\/Task\/([^/]+)$/.exec(path)
    if (taskById && method === 'PATCH') {
      const task = tasks.get(decodeURIComponent(taskById[1]!))
      if (!task) return send(res, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }])
      const problems = taskProblems(body)
      if (problems.length) return send(res, 400, problems)
      Object.assign(task.fields, body)
      return send(res, 204)
    }
    const byId = /^\/sobjects\/Lead\/([^/]+)$/.exec(path)
    if (byId && method === 'PATCH') {
      const lead = leads.get(decodeURIComponent(byId[1]!))
      if (!lead) return send(res, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }])
      const problems = leadProblems({ ...lead.fields, ...body }, false)
      if (problems.length) return send(res, 400, problems)
      Object.assign(lead.fields, body)
      return send(res, 204)
    }
    if (path === '/query' && method === 'GET') return query(url.searchParams.get('q') ?? '', res)
    send(res, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }])
  }

  function leadProblems(body: Json, creating: boolean): Json[] {
    const problems: Json[] = []
    for (const name of Object.keys(body ?? {})) {
      if (!leadFields.has(name)) {
        problems.push({
          message: `No such column '${name}' on sobject of type Lead`,
          errorCode: 'INVALID_FIELD',
          fields: [],
        })
      }
    }
    if (problems.length) return problems
    const missing = ['LastName', 'Company'].filter((f) => (creating || f in body) && !body?.[f])
    if (missing.length) {
      problems.push({
        message: `Required fields are missing: [${missing}]`,
        errorCode: 'REQUIRED_FIELD_MISSING',
        fields: missing,
      })
    }
    if (body?.Email && !EMAIL.test(body.Email)) {
      problems.push({
        message: `Email: invalid email address: ${body.Email}`,
        errorCode: 'INVALID_EMAIL_ADDRESS',
        fields: ['Email'],
      })
    }
    return problems
  }

  function taskProblems(body: Json): Json[] {
    const unknown = Object.keys(body ?? {}).filter((name) => !TASK_FIELDS.has(name))
    if (unknown.length) {
      return unknown.map((name) => ({
        message: `No such column '${name}' on sobject of type Task`,
        errorCode: 'INVALID_FIELD',
        fields: [],
      }))
    }
    if (body?.WhoId && !leads.has(body.WhoId)) {
      return [
        { message: 'Name ID: id value of incorrect type', errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['WhoId'] },
      ]
    }
    return []
  }

  function query(soql: string, res: ServerResponse) {
    const byIds = BY_IDS.exec(soql)
    if (byIds) {
      const [, fieldList, object, idList] = byIds
      const fields = fieldList!.split(',').map((f) => f.trim())
      const ids = [...idList!.matchAll(/'([A-Za-z0-9]{15,18})'/g)].map((m) => m[1] as string)
      const pool = object === 'Lead' ? [...leads.values()] : object === 'Opportunity' ? opportunities : []
      const records = pool
        .filter((r) => ids.includes(r.Id))
        .map((r) => ({
          attributes: { type: object },
          ...Object.fromEntries(
            fields.map((f) => [f, f === 'Id' ? r.Id : (r.fields[f] ?? (f === 'IsConverted' ? false : null))]),
          ),
        }))
      return send(res, 200, { totalSize: records.length, done: true, records })
    }
    const match = SOQL.exec(soql)
    if (!match) return send(res, 400, [{ message: 'unexpected token', errorCode: 'MALFORMED_QUERY' }])
    const [, object, field, operator, raw] = match
    const value = raw!.replace(/\\(.)/g, '$1').toLowerCase()
    const pool =
      object === 'Contact'
        ? contacts
        : object === 'Account'
          ? accounts
          : [...leads.values()].filter((l) => l.fields['IsConverted'] !== true)
    const like = operator === '=' ? undefined : likePattern(raw!)
    const matches = pool.filter((r) => {
      const actual = String(r.fields[field!] ?? '').toLowerCase()
      return like ? like.test(actual) : actual === value
    })
    const records = matches.slice(0, 1).map((r) => ({ attributes: { type: object }, OwnerId: r.fields['OwnerId'] }))
    send(res, 200, { totalSize: records.length, done: true, records })
  }

  function send(res: ServerResponse, status: number, body?: unknown, extra: Record<string, string> = {}) {
    if (body === undefined) return res.writeHead(status, extra).end()
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...extra }).end(JSON.stringify(body))
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    /** Token endpoint host (loginUrl) and, from the token answer, the instance URL. */
    url: base,
    leads,
    tasks,
    get tokenRequests() {
      return tokenRequests
    },
    get apiCalls() {
      return apiCalls
    },
    /** Every issued access token stops working now (the next API call answers 401 INVALID_SESSION_ID). */
    expireSessions() {
      validTokens.clear()
    },
    /** Sessions stop working once this many more API calls were answered. */
    expireSessionsAfter(calls: number) {
      expireAfter = apiCalls + calls
    },
    addContact(fields: Record<string, unknown>) {
      contacts.push({ Id: newId('003'), fields })
    },
    /** As a rep would in Salesforce: the Lead's Status picklist. */
    setLeadStatus(leadId: string, status: string) {
      const lead = leads.get(leadId)
      if (!lead) throw new Error(`no Lead ${leadId}`)
      lead.fields.Status = status
    },
    /** Converts the Lead (Status "Closed - Converted") into an Opportunity at `stage` with `amount`. */
    convertLead(leadId: string, opportunity: { stage: string; amount: number | null }) {
      const lead = leads.get(leadId)
      if (!lead) throw new Error(`no Lead ${leadId}`)
      const id = newId('006')
      opportunities.push({ Id: id, fields: { StageName: opportunity.stage, Amount: opportunity.amount } })
      Object.assign(lead.fields, { IsConverted: true, ConvertedOpportunityId: id, Status: 'Closed - Converted' })
      return id
    },
    addAccount(fields: Record<string, unknown>) {
      accounts.push({ Id: newId('001'), fields })
    },
    /** Queue answers for the next matching API requests (not the token endpoint). */
    answerWith(...queued: SalesforceAnswer[]) {
      answers.push(...queued)
    },
    requestLimitExceeded(path?: string): SalesforceAnswer {
      return {
        ...(path ? { path } : {}),
        status: 403,
        body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
export type FakeSalesforce = Awaited<ReturnType<typeof startFakeSalesforce>>

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * SOQL LIKE as Salesforce documents it: `%` any characters, `_` one character, `\%` and `\_` the
 * characters themselves; case-insensitive, over the whole value.
 */
function likePattern(literal: string): RegExp {
  let source = ''
  for (let i = 0; i < literal.length; i++) {
    const c = literal[i] as string
    if (c === '\\' && i + 1 < literal.length) {
      source += (literal[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    } else if (c === '%') source += '.*'
    else if (c === '_') source += '.'
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`, 'is')
}
