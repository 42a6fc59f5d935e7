import { createInterface } from 'node:readline'
import type { Command } from 'commander'
import { webUsersRepository } from '../../store/index.js'
import { resetPassword, saveUser, UserInputError } from '../../web/index.js'
import { formatTable } from '../format-table.js'
import { type CliEnvironment, CliError, loadCliConfig, openCliStore } from '../load-cli-config.js'

/** The whole of stdin (first line), for `--password-stdin` in scripts. */
async function readStdin(environment: CliEnvironment): Promise<string> {
  const stdin = environment.stdin
  if (!stdin) throw new CliError('no standard input to read the password from', 2)
  let text = ''
  for await (const chunk of stdin) text += String(chunk)
  return text.split(/\r?\n/)[0] ?? ''
}

/** Asks twice on a terminal without echoing. */
async function promptPassword(environment: CliEnvironment): Promise<string> {
  const stdin = environment.stdin as NodeJS.ReadStream | undefined
  if (!stdin?.isTTY) throw new CliError('not a terminal: pass the password on standard input with --password-stdin', 2)
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: stdin, output: environment.stderr as NodeJS.WritableStream, terminal: true })
      environment.stderr.write(question)
      // Muting the echo: readline writes typed characters through _writeToOutput.
      ;(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {}
      rl.question('', (answer) => {
        rl.close()
        environment.stderr.write('\n')
        resolve(answer)
      })
    })
  const first = await ask('Password: ')
  const second = await ask('Again: ')
  if (first !== second) throw new CliError('the passwords differ', 2)
  return first
}

const password = (environment: CliEnvironment, fromStdin: boolean | undefined) =>
  fromStdin ? readStdin(environment) : promptPassword(environment)

function asCliError(error: unknown): never {
  if (error instanceof UserInputError) throw new CliError(error.message, 2)
  throw error
}

export function registerUsers(program: Command, environment: CliEnvironment) {
  const users = program.command('users').description('people who sign in to the dashboard')

  users
    .command('add <email>')
    .description('create a user (or replace the one with this e-mail); asks for the password')
    .requiredOption('--name <name>', 'shown in the dashboard')
    .requiredOption('--role <role>', 'admin, manager or rep')
    .option('--member <id>', "a rep's team member id (their leads are the ones routed to it)")
    .option('--password-stdin', 'read the password from standard input instead of asking')
    .action(
      async (email: string, options: { name: string; role: string; member?: string; passwordStdin?: boolean }) => {
        const config = loadCliConfig(environment)
        const secret = await password(environment, options.passwordStdin)
        const store = await openCliStore(config)
        try {
          const user = await saveUser(
            store,
            config.team,
            { email, name: options.name, role: options.role, memberId: options.member, password: secret },
            Date.now(),
          ).catch(asCliError)
          environment.stdout.write(
            `saved ${user.email} (${user.role}${user.member_id ? `, member ${user.member_id}` : ''})\n`,
          )
        } finally {
          await store.close()
        }
      },
    )

  users
    .command('list')
    .description('every dashboard user')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const rows = await webUsersRepository.listUsers(store.db)
        const views = rows.map((u) => ({ email: u.email, name: u.name, role: u.role, member: u.member_id }))
        if (options.json) {
          environment.stdout.write(`${JSON.stringify(views, null, 2)}\n`)
          return
        }
        environment.stdout.write(
          formatTable(
            ['EMAIL', 'NAME', 'ROLE', 'MEMBER'],
            views.map((v) => [v.email, v.name, v.role, v.member ?? '']),
          ),
        )
      } finally {
        await store.close()
      }
    })

  users
    .command('remove <email>')
    .description('delete a user and end their sessions')
    .action(async (email: string) => {
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        if (!(await webUsersRepository.deleteUser(store.db, email))) throw new CliError(`no user ${email}`, 1)
        environment.stdout.write(`removed ${email.toLowerCase()}\n`)
      } finally {
        await store.close()
      }
    })

  users
    .command('reset-password <email>')
    .description('set a new password; signs the user out everywhere')
    .option('--password-stdin', 'read the password from standard input instead of asking')
    .action(async (email: string, options: { passwordStdin?: boolean }) => {
      const config = loadCliConfig(environment)
      const secret = await password(environment, options.passwordStdin)
      const store = await openCliStore(config)
      try {
        const found = await resetPassword(store, email, secret, Date.now()).catch(asCliError)
        if (!found) throw new CliError(`no user ${email}`, 1)
        environment.stdout.write(`new password set for ${email.toLowerCase()}; their sessions are ended\n`)
      } finally {
        await store.close()
      }
    })
}
