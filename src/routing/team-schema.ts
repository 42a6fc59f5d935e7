import { z } from 'zod'
import { isTimeZone } from '../util/index.js'
import { byShape } from './by-shape.js'

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** Minutes after local midnight; `to` may be below `from` for a range that runs past midnight. */
export interface TimeRange {
  readonly from: number
  readonly to: number
}
export type WeeklyHours = Readonly<Partial<Record<Weekday, readonly TimeRange[]>>>

const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/

function parseRange(text: string): TimeRange | null {
  const m = RANGE.exec(text.replace(/\s+/g, ''))
  if (!m) return null
  const from = Number(m[1]) * 60 + Number(m[2])
  const to = Number(m[3]) * 60 + Number(m[4])
  if (to > 24 * 60 || from === to) return null
  return { from, to }
}

const timeRange = z.string().transform((text, ctx) => {
  const range = parseRange(text)
  if (!range) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a time range like "09:00-17:00" (24-hour, start and end differ)`,
    })
    return z.NEVER
  }
  return range
})

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'must be a time like "09:00"' })

const weekdayHours = z.strictObject(
  Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(timeRange).optional()])) as Record<
    Weekday,
    z.ZodOptional<z.ZodArray<typeof timeRange>>
  >,
)

const shorthandHours = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    start: clock,
    end: clock,
  })
  .transform((hours, ctx): WeeklyHours => {
    const range = parseRange(`${hours.start}-${hours.end}`)
    if (!range) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'start and end must differ' })
      return z.NEVER
    }
    return Object.fromEntries(hours.days.map((day) => [day, [range]]))
  })

const WorkingHoursSchema = byShape<WeeklyHours>(
  (input) => ('days' in input || 'start' in input || 'end' in input ? shorthandHours : weekdayHours),
  '{ mon: ["09:00-17:00"], ... } or { days: [mon, ...], start: "09:00", end: "17:00" }',
)

export const memberId = z
  .string()
  .regex(/^[A-Za-z0-9][\w.@-]*$/, { error: 'member ids are letters, digits, ".", "_", "-" or "@", e.g. "ann"' })

const smtpUrl = z.string().regex(/^smtps?:\/\/.+/, { error: 'must be smtp://… or smtps://…' })
const imapUrl = z.string().regex(/^imaps?:\/\/.+/, { error: 'must be imap://user:pass@host:143 or imaps://…:993' })

/** Where a member's sequence e-mails leave from and replies arrive; SMTP/IMAP fall back to the shared `mailbox`. */
export const MemberMailboxSchema = z.strictObject({
  from: z.string().min(3),
  smtpUrl: smtpUrl.optional(),
  imapUrl: imapUrl.optional(),
  /** Most sequence e-mails per local day from this mailbox. */
  dailyLimit: z.number().int().min(1).optional(),
  /** Least time between two sequence e-mails from this mailbox. */
  minGapSeconds: z.number().int().min(0).optional(),
})
export type MemberMailbox = z.infer<typeof MemberMailboxSchema>

export const TeamMemberSchema = z.strictObject({
  id: memberId,
  name: z.string().min(1),
  email: z.email().optional(),
  slackUserId: z.string().min(1).optional(),
  timeZone: z.string().refine(isTimeZone, {
    error: (issue) => `unknown time zone "${String(issue.input)}" (use an IANA name such as America/Los_Angeles)`,
  }),
  /** Absent: always working. */
  workingHours: WorkingHoursSchema.optional(),
  /** Most leads assigned per day; absent means no limit. */
  dailyCapacity: z.number().int().min(1).optional(),
  active: z.boolean().default(true),
  /** Share in `weighted: [ids]` assignments. */
  weight: z.number().int().min(1).max(1000).default(1),
  /** Member id of this person's manager, alerted on escalation. */
  manager: memberId.optional(),
  /** For follow-up sequences: e-mails go from the owner's own address. */
  mailbox: MemberMailboxSchema.optional(),
})
export type TeamMember = z.infer<typeof TeamMemberSchema>

export const TeamSchema = z.strictObject({
  members: z.array(TeamMemberSchema).min(1),
  /** Gets every lead no rule assigns, even outside working hours. */
  fallbackOwner: memberId,
  /** Channel name escalations go to after the owner. */
  managerChannel: z.string().min(1).optional(),
})
export type Team = z.infer<typeof TeamSchema>
