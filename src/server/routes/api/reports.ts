import type { FastifyPluginAsync } from 'fastify'
import { parseReportQuery, REPORT_NAMES, type Reports } from '../../../reports/index.js'
import type { Clock } from '../../../util/index.js'

export interface ReportsApiOptions {
  readonly reports: Reports
  readonly clock: Clock
}

/** `GET /api/reports/<name>?from&to&groupBy&includeTest&format=csv`: JSON, or the same rows as CSV. */
export const reportsApiRoutes: FastifyPluginAsync<ReportsApiOptions> = async (app, { reports, clock }) => {
  for (const name of REPORT_NAMES) {
    app.get(`/api/reports/${name}`, async (request, reply) => {
      const query = parseReportQuery(request.query, clock.now().getTime())
      if (!query.ok) return reply.code(400).send({ error: 'invalid-request', message: query.message })
      const report = await reports.run(name, query.value)
      if (query.format === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="leadrelay-${name}.csv"`)
          .send(reports.csv(name, report))
      return report
    })
  }
}
