import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import { invalid, type DomainError } from '../../domain/errors.js';
import { jobNamePattern } from '../../domain/schedule/index.js';
import { knownTaskTypes } from '../../domain/task/task-rules.js';
import { parseCron, type CronSchedule } from './cron-schedule.js';

const JobAction = t.union([
  t.type({
    kind: t.literal('create_task'),
    task: t.intersection([
      t.type({ type: t.string, priority: t.number, title: t.string, description: t.string }),
      t.partial({ assignedTo: t.string }),
    ]),
  }),
  t.type({ kind: t.literal('expire_proposals') }),
  t.type({ kind: t.literal('clear_expired_locks') }),
  t.type({ kind: t.literal('daily_summary') }),
  /** Gumroad's sales and refunds into the ledger (skipped while GUMROAD_ACCESS_TOKEN is not set). */
  t.type({ kind: t.literal('sync_gumroad_sales') }),
]);
export type JobAction = t.TypeOf<typeof JobAction>;

/**
 * One scheduled job (the `scheduler.jobs` config). `schedule` is five-field cron in UTC; `graceSeconds` is how
 * late a slot may still fire (after a start or a wake-up); a slot missed by more is skipped, never made up.
 */
export const ScheduledJobCodec = t.intersection([
  t.type({ name: t.string, schedule: t.string, description: t.string, action: JobAction }),
  t.partial({ enabled: t.boolean, graceSeconds: t.number }),
]);
export type ScheduledJob = t.TypeOf<typeof ScheduledJobCodec>;

/** A checked job, ready to schedule. */
export interface PlannedJob extends ScheduledJob {
  readonly cron: CronSchedule;
  readonly enabled: boolean;
  readonly graceSeconds: number;
}

export const defaultGraceSeconds = 600;

/**
 * The swarm's jobs (the original had none that worked: SCHED-06, W-05). Each task job gives its task a fixed
 * title, so while one scan is still open the next is refused as a duplicate instead of piling up.
 */
export const defaultJobs: readonly ScheduledJob[] = [
  {
    name: 'hunter_scan',
    schedule: '0 */6 * * *',
    description: 'Hunter scans the platforms for product ideas every 6 hours',
    graceSeconds: 3_600,
    action: {
      kind: 'create_task',
      task: { type: 'scan_platform', priority: 5, title: 'Scheduled platform scan', description: 'Scan the platforms for trending product ideas and report the promising ones' },
    },
  },
  {
    name: 'github_monitor',
    schedule: '0 * * * *',
    description: 'Support checks the GitHub repositories for new issues every hour',
    graceSeconds: 900,
    action: {
      kind: 'create_task',
      task: { type: 'monitor_github', priority: 5, title: 'Scheduled GitHub issue check', description: 'Check the products\' GitHub repositories for new issues, classify and route them' },
    },
  },
  {
    name: 'daily_summary',
    schedule: '0 9 * * *',
    description: "Yesterday's tasks, income, tokens and cost, at 09:00 UTC",
    graceSeconds: 6 * 3_600,
    action: { kind: 'daily_summary' },
  },
  {
    name: 'gumroad_sales_sync',
    schedule: '20 * * * *',
    description: "Gumroad's sales and refunds into the ledger every hour, the last 31 days (every sale at 03:20 UTC), when GUMROAD_ACCESS_TOKEN is set",
    graceSeconds: 1_800,
    action: { kind: 'sync_gumroad_sales' },
  },
  { name: 'proposal_expiry', schedule: '*/5 * * * *', description: 'Close open proposals whose voting window has passed', graceSeconds: 300, action: { kind: 'expire_proposals' } },
  { name: 'lock_cleanup', schedule: '*/5 * * * *', description: 'Clear file locks past their expiry', graceSeconds: 300, action: { kind: 'clear_expired_locks' } },
];

/** Decodes and checks jobs from config (names, cron expressions, grace); a refusal names the field at fault. */
export const planJobs = (input: unknown, root = 'scheduler.jobs'): Either<DomainError, PlannedJob[]> => {
  const decoded = decodeWith(t.array(ScheduledJobCodec), root)(input);
  if (isLeft(decoded)) return decoded;
  const planned: PlannedJob[] = [];
  const names = new Set<string>();
  for (const [i, job] of decoded.right.entries()) {
    const at = `${root}.${i}`;
    if (!jobNamePattern.test(job.name))
      return left(invalid(`${at}.name: "${job.name}" is not a job name (lower-case letters, digits and _, starting with a letter)`, { field: `${at}.name` }));
    if (names.has(job.name)) return left(invalid(`${at}.name: "${job.name}" is used by another job`, { field: `${at}.name` }));
    names.add(job.name);
    const cron = parseCron(job.schedule, `${at}.schedule`);
    if (isLeft(cron)) return cron;
    const grace = job.graceSeconds ?? defaultGraceSeconds;
    if (!Number.isInteger(grace) || grace < 0)
      return left(invalid(`${at}.graceSeconds: expected a whole number of seconds ≥ 0, got ${grace}`, { field: `${at}.graceSeconds` }));
    if (job.action.kind === 'create_task' && !knownTaskTypes.includes(job.action.task.type))
      return left(invalid(`${at}.action.task.type: "${job.action.task.type}" is not a task type (${knownTaskTypes.join(', ')})`, { field: `${at}.action.task.type` }));
    planned.push({ ...job, cron: cron.right, enabled: job.enabled ?? true, graceSeconds: grace });
  }
  return right(planned);
};

/** What the config may change about a built-in job (`scheduler.jobs.<name>` in config.json). */
export interface JobOverride {
  readonly enabled?: boolean;
  /** Five-field cron in UTC, replacing the job's schedule. */
  readonly cron?: string;
  readonly graceSeconds?: number;
}

/**
 * The jobs after the config's `scheduler.jobs` (e.g. `{"hunter_scan": {"enabled": false}, "daily_summary": {"cron":
 * "0 7 * * *"}}`): each named job turned on or off, rescheduled, or given another grace. A name that is not one of
 * `jobs` or a cron expression that does not parse is refused, naming the field (`scheduler.jobs.daily_sumary`,
 * `scheduler.jobs.daily_summary.cron`).
 */
export const configureJobs = (
  jobs: readonly ScheduledJob[],
  overrides: Readonly<Record<string, JobOverride>>,
  root = 'scheduler.jobs',
): Either<DomainError, ScheduledJob[]> => {
  for (const [name, override] of Object.entries(overrides)) {
    const at = `${root}.${name}`;
    if (!jobs.some((j) => j.name === name))
      return left(invalid(`${at}: "${name}" is not a scheduled job (${jobs.map((j) => j.name).join(', ')})`, { field: at }));
    if (override.cron !== undefined) {
      const cron = parseCron(override.cron, `${at}.cron`);
      if (isLeft(cron)) return cron;
    }
  }
  return right(
    jobs.map((job) => {
      const override = overrides[job.name];
      if (!override) return job;
      return {
        ...job,
        ...(override.cron !== undefined ? { schedule: override.cron } : {}),
        ...(override.enabled !== undefined ? { enabled: override.enabled } : {}),
        ...(override.graceSeconds !== undefined ? { graceSeconds: override.graceSeconds } : {}),
      };
    }),
  );
};
