export { CliError } from './load-cli-config.js'
export { createProgram } from './program.js'
