import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire, checked field by field below
type Json = any

export interface HubSpotRecord {
  readonly id: string
  properties: Record<string, string>
  /** Task associations: contact ids (association type 204). */
  readonly associatedContactIds: string[]
  archived: boolean
}

/** A scripted answer, used once by the next request whose path starts with `path` (any request when absent). */
export interface HubSpotAnswer {
  readonly path?: string
  /** Only a request whose body contains this text (tells apart calls to one path). */
  readonly bodyIncludes?: string
  readonly status: number
  readonly body?: object
  readonly headers?: Record<string, string>
}

export interface FakeHubSpotOptions {
  /** The private-app token accepted; anything else gets 401 INVALID_AUTHENTICATION. */
  readonly accessToken: string
  /** Custom contact properties that exist in this portal (besides HubSpot's defaults). */
  readonly customContactProperties?: readonly string[]
  /** Rolling window advertised in X-HubSpot-RateLimit-* headers. */
  readonly rateLimit?: { readonly max: number; readonly intervalMs: number }
}

const DEFAULT_CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'phone',
  'jobtitle',
  'company',
  'city',
  'state',
  'zip',
  'country',
  'industry',
  'website',
  'hubspot_owner_id',
  'lifecyclestage',
  'hs_lead_status',
]
const TASK_PROPERTIES = new Set([
  'hs_task_subject',
  'hs_task_body',
  'hs_timestamp',
  'hs_task_status',
  'hs_task_priority',
  'hs_task_type',
  'hubspot_owner_id',
])
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * A local HubSpot CRM v3 on 127.0.0.1: contacts (batch upsert by email, read, update, archive, search), companies
 * (search), tasks (create with associations, read, update). Answers like HubSpot: bearer-token check (401 INVALID_AUTHENTICATION),
 * VALIDATION_ERROR bodies that echo the bad value (as HubSpot does), X-HubSpot-RateLimit-* headers, scripted
 * 429/5xx. Keeps the records so tests assert on what HubSpot would hold.
 */
export async function startFakeHubSpot(options: FakeHubSpotOptions) {
  const contacts = new Map<string, HubSpotRecord>()
  const companies = new Map<string, HubSpotRecord>()
  const tasks = new Map<string, HubSpotRecord>()
  const contactProperties = new Set([...DEFAULT_CONTACT_PROPERTIES, ...(options.customContactProperties ?? [])])
  const answers: HubSpotAnswer[] = []
  const requests: { method: string; path: string }[] = []
  const rate = options.rateLimit ?? { max: 100, intervalMs: 10_000 }
  let nextId = 1000

  const server = createServer(async (req, res) => {
    const bodyText = await readBody(req)
    const url = new URL(req.url ?? '/', 'http://fake')
    requests.push({ method: req.method ?? '', path: url.pathname })
    const scriptedAt = answers.findIndex(
      (a) => (!a.path || url.pathname.startsWith(a.path)) && (!a.bodyIncludes || bodyText.includes(a.bodyIncludes)),
    )
    if (scriptedAt >= 0) {
      const [scripted] = answers.splice(scriptedAt, 1)
      return send(res, scripted!.status, scripted!.body, scripted!.headers)
    }
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      return send(res, 401, {
        status: 'error',
        message:
          'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
        correlationId: randomUUID(),
        category: 'INVALID_AUTHENTICATION',
      })
    }
    let body: Json
    try {
      body = bodyText ? JSON.parse(bodyText) : undefined
    } catch {
      return send(res, 400, error('Invalid input JSON', 'VALIDATION_ERROR'))
    }
    route(req.method ?? 'GET', url, body, res)
  })

  function route(method: string, url: URL, body: Json, res: ServerResponse) {
    const path = url.pathname
    if (method === 'POST' && path === '/crm/v3/objects/contacts/batch/upsert') return upsertContacts(body, res)
    if (method === 'POST' && path === '/crm/v3/objects/contacts/search') return search(contacts, body, res)
    if (method === 'POST' && path === '/crm/v3/objects/contacts/batch/read') return batchRead(body, res)
    if (method === 'POST' && path === '/crm/v3/objects/companies/search') return search(companies, body, res)
    if (method === 'POST' && path === '/crm/v3/objects/tasks') return createTask(body, res)
    // CRM v4 associations: GET /crm/v4/objects/contacts/{id}/associations/tasks → { results: [{ toObjectId }] }.
    const linked = /^\/crm\/v4\/objects\/contacts\/([^/]+)\/associations\/tasks$/.exec(path)
    if (linked && method === 'GET') {
      const id = decodeURIComponent(linked[1]!)
      const results = [...tasks.values()]
        .filter((t) => !t.archived && t.associatedContactIds.includes(id))
        .map((t) => ({ toObjectId: Number(t.id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 204 }] }))
      return send(res, 200, { results })
    }
    const oneTask = /^\/crm\/v3\/objects\/tasks\/([^/]+)$/.exec(path)
    if (oneTask && method === 'PATCH') {
      // CRM v3 update: 200 with the object; a property tasks do not have is a VALIDATION_ERROR.
      const task = tasks.get(decodeURIComponent(oneTask[1]!))
      if (!task || task.archived) return send(res, 404, error('resource not found', 'OBJECT_NOT_FOUND'))
      const unknown = Object.keys(body?.properties ?? {}).filter((p) => !TASK_PROPERTIES.has(p))
      if (unknown.length) return send(res, 400, error(`Unknown task properties ${unknown}`, 'VALIDATION_ERROR'))
      Object.assign(task.properties, body.properties)
      return send(res, 200, { id: task.id, properties: task.properties, archived: false })
    }
    if (oneTask && method === 'GET') {
      const task = tasks.get(decodeURIComponent(oneTask[1]!))
      if (!task || task.archived) return send(res, 404, error('resource not found', 'OBJECT_NOT_FOUND'))
      const wanted = url.searchParams.get('properties')?.split(',') ?? []
      const properties: Record<string, string | null> = { hs_object_id: task.id }
      for (const name of wanted) properties[name] = task.properties[name] ?? null
      return send(res, 200, { id: task.id, properties, archived: false })
    }
    const one = /^\/crm\/v3\/objects\/contacts\/([^/]+)$/.exec(path)
    if (one) {
      const contact = contacts.get(decodeURIComponent(one[1]!))
      if (!contact || contact.archived) return send(res, 404, error('resource not found', 'OBJECT_NOT_FOUND'))
      if (method === 'GET') {
        const wanted = url.searchParams.get('properties')?.split(',') ?? []
        const properties: Record<string, string | null> = { hs_object_id: contact.id }
        for (const name of wanted) properties[name] = contact.properties[name] ?? null
        return send(res, 200, { id: contact.id, properties, archived: false })
      }
      if (method === 'PATCH') {
        const problems = propertyProblems(body?.properties)
        if (problems.length) return send(res, 400, validation(problems))
        for (const [name, value] of Object.entries(body.properties as Record<string, string>)) {
          contact.properties[name] = String(value)
        }
        return send(res, 200, { id: contact.id, properties: contact.properties, archived: false })
      }
      if (method === 'DELETE') {
        contact.archived = true
        return send(res, 204)
      }
    }
    send(res, 404, error(`no route for ${method} ${path}`, 'OBJECT_NOT_FOUND'))
  }

  function upsertContacts(body: Json, res: ServerResponse) {
    const results: Json[] = []
    for (const input of body?.inputs ?? []) {
      if (input.idProperty !== 'email') {
        return send(res, 400, error(`idProperty ${input.idProperty} is not a unique property`, 'VALIDATION_ERROR'))
      }
      const problems = propertyProblems(input.properties)
      if (!EMAIL.test(String(input.id))) {
        problems.push({
          isValid: false,
          message: `Email address ${input.id} is invalid`,
          error: 'INVALID_EMAIL',
          name: 'email',
        })
      }
      if (problems.length) return send(res, 400, validation(problems))
      const existing = [...contacts.values()].find((c) => !c.archived && c.properties['email'] === input.id)
      const contact = existing ?? { id: String(nextId++), properties: {}, associatedContactIds: [], archived: false }
      Object.assign(contact.properties, input.properties, { email: input.id })
      if (!existing) contacts.set(contact.id, contact)
      const now = new Date().toISOString()
      results.push({
        id: contact.id,
        new: !existing,
        properties: contact.properties,
        createdAt: now,
        updatedAt: now,
        archived: false,
      })
    }
    const now = new Date().toISOString()
    send(res, 200, { status: 'COMPLETE', results, startedAt: now, completedAt: now })
  }

  function createTask(body: Json, res: ServerResponse) {
    const properties = body?.properties ?? {}
    const unknown = Object.keys(properties).filter((p) => !TASK_PROPERTIES.has(p))
    if (unknown.length || !properties.hs_timestamp) {
      return send(
        res,
        400,
        error(unknown.length ? `Unknown task properties ${unknown}` : 'hs_timestamp is required', 'VALIDATION_ERROR'),
      )
    }
    const associated: string[] = []
    for (const association of body.associations ?? []) {
      const ok = association.types?.some(
        (t: Json) => t.associationCategory === 'HUBSPOT_DEFINED' && t.associationTypeId === 204,
      )
      const contact = contacts.get(String(association.to?.id))
      if (!ok || !contact) return send(res, 400, error('invalid association', 'VALIDATION_ERROR'))
      associated.push(contact.id)
    }
    const task: HubSpotRecord = {
      id: String(nextId++),
      properties: { ...properties },
      associatedContactIds: associated,
      archived: false,
    }
    tasks.set(task.id, task)
    send(res, 201, { id: task.id, properties: task.properties, archived: false })
  }

  /** CRM v3 batch read by id: 200 when every id exists, 207 with `errors` (OBJECT_NOT_FOUND) when some do not. */
  function batchRead(body: Json, res: ServerResponse) {
    const inputs: Json[] = body?.inputs ?? []
    if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 100)
      return send(res, 400, error('inputs must hold 1 to 100 ids', 'VALIDATION_ERROR'))
    const wanted: string[] = body?.properties ?? []
    const found = inputs.map((i) => contacts.get(String(i?.id))).filter((c): c is HubSpotRecord => !!c && !c.archived)
    const missing = inputs.map((i) => String(i?.id)).filter((id) => !found.some((c) => c.id === id))
    const results = found.map((r) => ({
      id: r.id,
      properties: Object.fromEntries(wanted.map((p) => [p, r.properties[p] ?? null])),
      archived: false,
    }))
    if (missing.length === 0) return send(res, 200, { status: 'COMPLETE', results })
    return send(res, 207, {
      status: 'COMPLETE',
      results,
      numErrors: 1,
      errors: [
        {
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          message: 'Could not get some CONTACT objects',
          context: { ids: missing },
        },
      ],
    })
  }

  function search(records: Map<string, HubSpotRecord>, body: Json, res: ServerResponse) {
    const groups: Json[] = body?.filterGroups ?? []
    const matches = [...records.values()].filter(
      (r) =>
        !r.archived &&
        groups.some((g) =>
          (g.filters ?? []).every(
            (f: Json) =>
              f.operator === 'EQ' &&
              (r.properties[f.propertyName] ?? '').toLowerCase() === String(f.value).toLowerCase(),
          ),
        ),
    )
    const limited = matches.slice(0, body?.limit ?? 10)
    const wanted: string[] = body?.properties ?? []
    send(res, 200, {
      total: matches.length,
      results: limited.map((r) => ({
        id: r.id,
        properties: Object.fromEntries(wanted.map((p) => [p, r.properties[p] ?? null])),
        archived: false,
      })),
    })
  }

  function propertyProblems(properties: Json): Json[] {
    return Object.keys(properties ?? {})
      .filter((name) => !contactProperties.has(name))
      .map((name) => ({
        isValid: false,
        message: `Property "${name}" does not exist`,
        error: 'PROPERTY_DOESNT_EXIST',
        name,
      }))
  }

  function send(res: ServerResponse, status: number, body?: object, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = {
      'x-hubspot-ratelimit-interval-milliseconds': String(rate.intervalMs),
      'x-hubspot-ratelimit-max': String(rate.max),
      'x-hubspot-ratelimit-remaining': String(rate.max - 1),
      ...extra,
    }
    if (body === undefined) return res.writeHead(status, headers).end()
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers }).end(JSON.stringify(body))
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    apiUrl: url,
    contacts,
    tasks,
    companies,
    requests,
    /** Live (not archived) contacts. */
    liveContacts: () => [...contacts.values()].filter((c) => !c.archived),
    /** Add a company (e.g. with `domain` and `hubspot_owner_id`) for owner lookups. */
    addCompany(properties: Record<string, string>) {
      const company: HubSpotRecord = { id: String(nextId++), properties, associatedContactIds: [], archived: false }
      companies.set(company.id, company)
      return company
    },
    /** Add a contact directly, as if someone created it in HubSpot. */
    addContact(properties: Record<string, string>) {
      const contact: HubSpotRecord = { id: String(nextId++), properties, associatedContactIds: [], archived: false }
      contacts.set(contact.id, contact)
      return contact
    },
    /** Add a task on a contact directly (as HubSpot holds one whose creating answer was lost). */
    addTask(contactId: string, properties: Record<string, string>) {
      const task: HubSpotRecord = {
        id: String(nextId++),
        properties: { hs_timestamp: new Date().toISOString(), ...properties },
        associatedContactIds: [contactId],
        archived: false,
      }
      tasks.set(task.id, task)
      return task
    },
    /** Queue answers for the next matching requests. */
    answerWith(...queued: HubSpotAnswer[]) {
      answers.push(...queued)
    },
    /** HubSpot's 429 for the ten-second rolling window, with its headers. */
    rateLimited(path?: string): HubSpotAnswer {
      return {
        ...(path ? { path } : {}),
        status: 429,
        body: {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: randomUUID(),
          policyName: 'TEN_SECONDLY_ROLLING',
        },
        headers: {
          'x-hubspot-ratelimit-interval-milliseconds': String(rate.intervalMs),
          'x-hubspot-ratelimit-max': String(rate.max),
          'x-hubspot-ratelimit-remaining': '0',
        },
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
export type FakeHubSpot = Awaited<ReturnType<typeof startFakeHubSpot>>

function error(message: string, category: string) {
  return { status: 'error', message, correlationId: randomUUID(), category }
}

function validation(problems: Json[]) {
  return {
    status: 'error',
    message: `Property values were not valid: ${JSON.stringify(problems)}`,
    correlationId: randomUUID(),
    category: 'VALIDATION_ERROR',
    errors: problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
