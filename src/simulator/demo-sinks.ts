import { createServer as createHttpServer } from 'node:http'
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net'

export interface SinkMessage {
  readonly sink: 'slack' | 'email' | 'webhook'
  readonly summary: string
}

/**
 * Local stand-ins for Slack, an SMTP server and a CRM webhook, so the demo alerts somewhere real without
 * accounts. The webhook sink rejects every third message (422) so that dead letters and replay show too.
 */
export async function startDemoSinks(onMessage: (message: SinkMessage) => void) {
  let webhookCount = 0
  const http = createHttpServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      if (request.url?.startsWith('/slack')) {
        const text = (JSON.parse(body || '{}') as { text?: string }).text ?? ''
        onMessage({ sink: 'slack', summary: text.split('\n')[0]?.slice(0, 120) ?? '' })
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
        return
      }
      webhookCount += 1
      const reject = webhookCount % 3 === 0
      onMessage({ sink: 'webhook', summary: reject ? 'rejected (422), as a broken CRM would' : 'accepted' })
      response
        .writeHead(reject ? 422 : 200, { 'content-type': 'application/json' })
        .end(reject ? '{"error":"invalid owner"}' : '{}')
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const httpPort = (http.address() as AddressInfo).port

  // Just enough SMTP (RFC 5321) for nodemailer: greet, accept the envelope and the data, say goodbye.
  const sockets = new Set<Socket>()
  const smtp = createTcpServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    let buffer = ''
    let inData = false
    let subject = ''
    socket.write('220 demo-sink ESMTP\r\n')
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8')
      let end = buffer.indexOf('\r\n')
      while (end >= 0) {
        const line = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (inData) {
          if (line === '.') {
            inData = false
            onMessage({ sink: 'email', summary: subject || '(no subject)' })
            subject = ''
            socket.write('250 queued\r\n')
          } else if (!subject && /^subject:/i.test(line)) subject = line.slice(8).trim()
        } else {
          const verb = line.slice(0, 4).toUpperCase()
          if (verb === 'EHLO' || verb === 'HELO') socket.write('250 demo-sink\r\n')
          else if (verb === 'DATA') {
            inData = true
            socket.write('354 end with <CRLF>.<CRLF>\r\n')
          } else if (verb === 'QUIT') socket.end('221 bye\r\n')
          else socket.write('250 ok\r\n')
        }
        end = buffer.indexOf('\r\n')
      }
    })
    socket.on('error', () => socket.destroy())
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  const smtpPort = (smtp.address() as AddressInfo).port

  return {
    slackUrl: `http://127.0.0.1:${httpPort}/slack`,
    webhookUrl: `http://127.0.0.1:${httpPort}/crm`,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    async stop() {
      for (const socket of sockets) socket.destroy()
      await Promise.all([new Promise((resolve) => http.close(resolve)), new Promise((resolve) => smtp.close(resolve))])
    },
  }
}

export type DemoSinks = Awaited<ReturnType<typeof startDemoSinks>>

/** A sample US sales team across four time zones, with scoring and routing rules, alerting to the sinks. */
export function demoConfigYaml(sinks: Pick<DemoSinks, 'slackUrl' | 'webhookUrl' | 'smtpUrl'>): string {
  return `
team:
  fallbackOwner: sam
  members:
    - { id: ana, name: Ana Ortiz, email: ana@example.com, timeZone: America/Los_Angeles,
        workingHours: { days: [mon, tue, wed, thu, fri], start: "08:00", end: "17:00" }, dailyCapacity: 25 }
    - { id: ben, name: Ben Cole, email: ben@example.com, timeZone: America/Denver,
        workingHours: { days: [mon, tue, wed, thu, fri], start: "08:00", end: "18:00" } }
    - { id: cara, name: Cara Singh, email: cara@example.com, timeZone: America/Chicago, dailyCapacity: 40 }
    - { id: erin, name: Erin Walsh, email: erin@example.com, timeZone: America/New_York, weight: 2 }
    - { id: sam, name: Sam Reed, email: sam@example.com, timeZone: America/New_York }
scoring:
  bands: { hot: 60, warm: 30 }
  completenessPoints: 20
  rules:
    - name: Decision maker
      when: { any: [ { field: seniority, in: [CXO, VP, Director, Owner, Partner] },
                     { field: jobTitle, regex: '\\b(chief|ceo|cto|cfo|founder|vp|vice president|head of|director)\\b' } ] }
      points: 30
    - { name: Enterprise, when: { field: companySizeMin, gte: 1001 }, points: 25 }
    - { name: Mid-market, when: { field: companySizeMin, between: [201, 1000] }, points: 10 }
    - { name: Free e-mail address, when: { field: emailDomain, in: [gmail.com, yahoo.com, hotmail.com] }, points: -15 }
routing:
  rules:
    - { name: Enterprise, when: { field: companySizeMin, gte: 1001 }, assign: { weighted: { erin: 2, cara: 1 } } }
    - name: West
      when: { field: state, states: [WA, OR, CA, NV, ID, MT, WY, UT, CO, AZ, NM, AK, HI] }
      assign: { roundRobin: [ana, ben] }
    - { name: Everyone else, assign: { roundRobin: [cara, erin, ana, ben] } }
channels:
  - { type: slack, name: sales-slack, webhookUrl: "${sinks.slackUrl}" }
  - { type: email, name: sales-email, smtpUrl: "${sinks.smtpUrl}", from: "LeadRelay <leads@example.com>",
      to: [sales@example.com], toOwner: true }
  - { type: webhook, name: crm-hook, url: "${sinks.webhookUrl}", secret: "whsec_ZGVtby1zZWNyZXQtZGVtby1zZWNyZXQ=", sendTestLeads: false }
`
}
