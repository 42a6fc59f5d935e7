// `npx tsx bench/profile-top.ts <file.cpuprofile> [count]`: the functions with the most self time in a V8
// CPU profile (what `BENCH_CPU_PROF=<dir> npm run bench` leaves), grouped by function and file, and the
// share of time spent by each package (node_modules/<name>) or in LeadRelay's own code.
import { readFileSync } from 'node:fs'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: readonly number[]
}
interface Profile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

export function topEntries(profile: Profile, count: number) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfUs = new Map<number, number>()
  for (const [i, id] of profile.samples.entries()) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  const total = [...selfUs.values()].reduce((sum, us) => sum + us, 0)
  const functions = new Map<string, number>()
  const packages = new Map<string, number>()
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame
    if (!frame) continue
    const file = frame.url.replace(/^file:\/\//, '')
    const short = file.includes('node_modules/')
      ? file.slice(file.lastIndexOf('node_modules/') + 'node_modules/'.length)
      : file.replace(/^.*\/(dist|src)\//, '$1/')
    const key = `${frame.functionName || '(anonymous)'}  ${short || '(native)'}${short ? `:${frame.lineNumber + 1}` : ''}`
    functions.set(key, (functions.get(key) ?? 0) + us)
    const pkg = file.includes('node_modules/')
      ? (/node_modules\/((@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? 'node_modules')
      : file.startsWith('node:')
        ? 'node internals'
        : file
          ? 'LeadRelay'
          : frame.functionName.startsWith('(')
            ? frame.functionName
            : 'native'
    packages.set(pkg, (packages.get(pkg) ?? 0) + us)
  }
  const sorted = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, us]) => ({ name, ms: us / 1000, share: total ? us / total : 0 }))
  return { totalMs: total / 1000, functions: sorted(functions), packages: sorted(packages) }
}

if (process.argv[1]?.endsWith('profile-top.ts')) {
  const file = process.argv[2]
  if (!file) throw new Error('usage: tsx bench/profile-top.ts <file.cpuprofile> [count]')
  const top = topEntries(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(process.argv[3] ?? 25))
  const line = (e: { name: string; ms: number; share: number }) =>
    `${(e.share * 100).toFixed(1).padStart(5)} %  ${e.ms.toFixed(0).padStart(7)} ms  ${e.name}`
  process.stdout.write(
    `${top.totalMs.toFixed(0)} ms sampled\n\nby package:\n${top.packages.map(line).join('\n')}\n\n` +
      `by function (self time):\n${top.functions.map(line).join('\n')}\n`,
  )
}
