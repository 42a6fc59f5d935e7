import type { FastifyReply } from 'fastify'

/** LinkedIn's error envelope (LinkedIn Error Handling, learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling): status, optional serviceErrorCode and code, message. */
export interface LinkedInError {
  readonly status: number
  readonly serviceErrorCode?: number
  readonly code?: string
  readonly message: string
}

/** The envelopes exactly as observed; code strings the doc marks unconfirmed are kept as the doc gives them. */
export const errors = {
  // LinkedIn's own sample orders these keys differently from the versioned APIs; kept as documented.
  emptyToken: (): LinkedInError => ({ message: 'Empty oauth2_access_token', serviceErrorCode: 401, status: 401 }),
  invalidToken: (): LinkedInError => ({
    status: 401,
    serviceErrorCode: 65600,
    code: 'INVALID_ACCESS_TOKEN',
    message: 'Invalid access token',
  }),
  expiredToken: (): LinkedInError => ({
    status: 401,
    serviceErrorCode: 65602,
    code: 'EXPIRED_ACCESS_TOKEN',
    message: 'The token used in the request has expired',
  }),
  revokedToken: (): LinkedInError => ({
    status: 401,
    serviceErrorCode: 65601,
    code: 'REVOKED_ACCESS_TOKEN',
    message: 'The token used in the request has been revoked by the user',
  }),
  accessDenied: (resource: string, method: string, version: string): LinkedInError => ({
    status: 403,
    serviceErrorCode: 100,
    code: 'ACCESS_DENIED',
    message: `Not enough permissions to access: ${resource}.${method}.${version}`,
  }),
  notFound: (message: string): LinkedInError => ({ status: 404, code: 'NOT_FOUND', message }),
  badRequest: (message: string): LinkedInError => ({ status: 400, code: 'ILLEGAL_ARGUMENT', message }),
  versionMissing: (): LinkedInError => ({
    status: 400,
    code: 'VERSION_MISSING',
    message: 'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
  }),
  nonexistentVersion: (version: string): LinkedInError => ({
    status: 426,
    code: 'NONEXISTENT_VERSION',
    message: `Requested version ${version} is not active`,
  }),
  throttled: (): LinkedInError => ({
    status: 429,
    serviceErrorCode: 101,
    code: 'TOO_MANY_REQUESTS',
    message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.',
  }),
  serverError: (): LinkedInError => ({ status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal Server Error' }),
}

export function sendError(reply: FastifyReply, error: LinkedInError, headers: Record<string, string> = {}) {
  return reply
    .code(error.status)
    .headers(headers)
    .header('content-type', 'application/json')
    .send(JSON.stringify(error))
}
