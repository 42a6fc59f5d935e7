import { CliError, createProgram } from './cli/index.js'

// The only module that reads process.argv and process.env.
const program = createProgram({
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
})
try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`${error.message}\n`)
    process.exit(error.exitCode)
  }
  process.stderr.write(`leadrelay: ${(error as Error).stack ?? error}\n`)
  process.exit(1)
}
