// The baseline: node:http answering 200 to every POST after reading its body, verifying and storing nothing.
// Run as a child process (`node --import tsx bench/bare-server.ts`); it reports its port over IPC.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

const RESPONSE = '{"status":"accepted"}'

const server = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    Buffer.concat(chunks)
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': RESPONSE.length })
    response.end(RESPONSE)
  })
})

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  process.send?.({ port })
})

process.once('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
