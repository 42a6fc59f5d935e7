import { createManualClock, type ManualClock, silentLogger } from '../util/index.js'
import { createSimulator, currentVersion, type SimulatorOptions } from './create-simulator.js'

export const TEST_SECRET = 'test-client-secret'
export const TEST_TOKEN = 'test-access-token'

/** A simulator on a manual clock (2026-03-15), with a static token and no background ticking. */
export function testSimulator(overrides: Partial<SimulatorOptions> = {}) {
  const clock: ManualClock = createManualClock(Date.UTC(2026, 2, 15, 12))
  const simulator = createSimulator({
    seed: 7,
    clientId: 'test-client',
    clientSecret: TEST_SECRET,
    accessToken: TEST_TOKEN,
    logger: silentLogger,
    clock,
    tickIntervalMs: 0,
    ...overrides,
  })
  /** A `/rest` GET with LinkedIn's required headers; any of them can be overridden or removed (undefined). */
  const rest = (
    url: string,
    headers: Record<string, string | undefined> = {},
    method: 'GET' | 'POST' | 'DELETE' = 'GET',
    payload?: unknown,
  ) =>
    simulator.app.inject({
      method,
      url,
      headers: Object.fromEntries(
        Object.entries({
          authorization: `Bearer ${TEST_TOKEN}`,
          'linkedin-version': currentVersion(clock),
          'x-restli-protocol-version': '2.0.0',
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...headers,
        }).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    })
  return { simulator, clock, rest }
}

/** Rest.li encoding of a value: encodeURIComponent leaves `(` and `)` alone, LinkedIn wants them encoded. */
export const enc = (value: string) => encodeURIComponent(value).replace(/\(/g, '%28').replace(/\)/g, '%29')
