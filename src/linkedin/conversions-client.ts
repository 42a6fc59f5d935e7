import { LinkedInApiError } from './errors.js'
import type { RestTransport } from './rest-transport.js'

export interface NewConversionRule {
  /** `urn:li:sponsoredAccount:123` */
  readonly account: string
  readonly name: string
  /** LinkedIn's conversion type, e.g. QUALIFIED_LEAD, LEAD, PURCHASE. */
  readonly type: string
}

/** Conversion rules (`/rest/conversions`) for LinkedIn's Conversions API. */
export function createConversionsClient(transport: RestTransport) {
  return {
    /** Creates a rule that takes streamed events (`conversionMethod: CONVERSIONS_API`); returns its URN. */
    async createRule(rule: NewConversionRule): Promise<{ readonly id: string; readonly urn: string }> {
      let response: Response
      try {
        response = await transport.request('POST', '/rest/conversions', {
          name: rule.name,
          account: rule.account,
          conversionMethod: 'CONVERSIONS_API',
          type: rule.type,
          enabled: true,
          attributionType: 'LAST_TOUCH_BY_CAMPAIGN',
          postClickAttributionWindowSize: 30,
          viewThroughAttributionWindowSize: 7,
        })
      } catch (error) {
        if (error instanceof LinkedInApiError && error.kind === 'forbidden')
          throw new LinkedInApiError(
            'forbidden',
            'LinkedIn /rest/conversions: 403: the access token needs the rw_conversions scope (sign in again with it) and the member a role on the ad account',
            { status: 403, cause: error },
          )
        throw error
      }
      const id = response.headers.get('x-restli-id') ?? response.headers.get('x-linkedin-id')
      await response.body?.cancel()
      if (!id) throw new LinkedInApiError('bad-request', 'LinkedIn created the conversion rule but sent no x-restli-id')
      return { id, urn: `urn:lla:llaPartnerConversion:${id}` }
    },
  }
}
export type ConversionsClient = ReturnType<typeof createConversionsClient>
