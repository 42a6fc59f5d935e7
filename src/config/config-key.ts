export interface ConfigKey {
  readonly env: string
  readonly path: readonly [string, string]
  readonly secret?: boolean
  readonly description: string
}
