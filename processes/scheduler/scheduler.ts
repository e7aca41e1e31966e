import { isLeft } from 'fp-ts/lib/Either.js';
import { scheduleDecider, scheduleStream } from '../../domain/schedule/index.js';
import { handleCommand } from '../commands/handle-command.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import { runProcessManagers } from '../engine/run-process-managers.js';
import type { Notifier } from '../notifications/notifier.js';
import { scheduledJobsProcess, schedulerActorId, type JobLog } from './job-runner.js';
import { planJobs, type PlannedJob, type ScheduledJob } from './scheduled-jobs.js';

export type SchedulerLog = JobLog & { debug?(fields: Record<string, unknown>, message: string): void };

/** What one look at the clock did for one job's current slot. */
export interface Firing {
  readonly job: string;
  readonly slot: string;
  /** `fired`: this scheduler recorded the firing; `already_fired`: someone had (another instance, or before a
   * restart); `missed`: the slot is older than the job's grace window; `refused`/`failed`: see `reason`. */
  readonly outcome: 'fired' | 'already_fired' | 'missed' | 'refused' | 'failed';
  readonly reason?: string;
}

export interface Scheduler {
  /** Looks at the clock once and fires every job whose current slot is due (each slot considered once). */
  tick(): Promise<Firing[]>;
  /** The earliest next slot of any enabled job, strictly after `runtime.now()`. */
  nextSlot(): string | undefined;
  /**
   * Fires `job`'s latest slot at or before now whatever its grace window, once per slot like any firing (another
   * instance that fired it first makes this `already_fired`). Undefined when the job is not enabled.
   */
  fireNow(job: string): Promise<Firing | undefined>;
}

/**
 * The firing half of the scheduler (SPEC §5). For each job it considers only the latest slot at or before now: a
 * start or a wake-up fires that slot if it is within the job's grace window, and never replays every slot missed
 * since last week. Recording the firing goes through the schedule decider, which accepts a slot once: two
 * schedulers on one log, or one restarted mid-slot, fire it once between them.
 */
export const createScheduler = (runtime: SwarmRuntime, jobs: readonly PlannedJob[], options: { log?: SchedulerLog } = {}): Scheduler => {
  const enabled = jobs.filter((j) => j.enabled);
  const considered = new Map<string, string>();

  const fire = async (job: PlannedJob, slot: string): Promise<Firing> => {
    const correlationId = runtime.newId();
    const handled = await handleCommand(
      runtime,
      scheduleDecider,
      scheduleStream(job.name, slot),
      { type: 'FireJob', job: job.name, slot },
      { now: runtime.now(), actor: { kind: 'system', id: schedulerActorId } },
      { correlationId, causationId: correlationId },
      // Fresh event ids, not derived ones: two schedulers must race on the stream revision so the loser is refused;
      // with one derived id the log's idempotent append would tell both that they had fired.
    );
    if (isLeft(handled)) {
      if (handled.left.details?.['alreadyFired']) return { job: job.name, slot, outcome: 'already_fired' };
      return { job: job.name, slot, outcome: 'refused', reason: handled.left.message };
    }
    return { job: job.name, slot, outcome: 'fired' };
  };

  return {
    tick: async () => {
      const now = runtime.now();
      const firings: Firing[] = [];
      for (const job of enabled) {
        const slot = job.cron.latestAtOrBefore(now);
        if (slot === undefined || considered.get(job.name) === slot) continue;
        let firing: Firing;
        if (Date.parse(now) - Date.parse(slot) > job.graceSeconds * 1000) firing = { job: job.name, slot, outcome: 'missed' };
        else {
          try {
            firing = await fire(job, slot);
          } catch (e) {
            firing = { job: job.name, slot, outcome: 'failed', reason: (e as Error).message };
          }
        }
        // A failure (the log was unreachable) is tried again on the next tick; every other outcome is final.
        if (firing.outcome !== 'failed') considered.set(job.name, slot);
        const level = firing.outcome === 'failed' || firing.outcome === 'refused' ? 'warn' : firing.outcome === 'fired' ? 'info' : 'debug';
        const say = level === 'debug' ? options.log?.debug : options.log?.[level];
        say?.call(options.log, { ...firing }, `scheduled job ${firing.outcome.replace('_', ' ')}`);
        firings.push(firing);
      }
      return firings;
    },
    fireNow: async (name) => {
      const job = enabled.find((j) => j.name === name);
      const slot = job?.cron.latestAtOrBefore(runtime.now());
      if (!job || slot === undefined) return undefined;
      let firing: Firing;
      try {
        firing = await fire(job, slot);
      } catch (e) {
        firing = { job: job.name, slot, outcome: 'failed', reason: (e as Error).message };
      }
      if (firing.outcome !== 'failed') considered.set(job.name, slot);
      options.log?.info({ ...firing }, `scheduled job ${firing.outcome.replace('_', ' ')} at start`);
      return firing;
    },
    nextSlot: () => {
      const now = runtime.now();
      return enabled
        .map((j) => j.cron.nextAfter(now))
        .filter((s): s is string => s !== undefined)
        .sort()[0];
    },
  };
};

export interface StartSchedulerOptions {
  readonly log?: SchedulerLog;
  /** Where the daily summary goes; by default it is logged (through `log`). */
  readonly notifier?: Notifier;
  /** Longest sleep between looks at the clock, so a changed clock (NTP, a laptop waking) is noticed. Default 60 s. */
  readonly maxSleepMs?: number;
  /**
   * A job that sets the swarm going on a log with no work yet (no task ever created): fired at start for its
   * current slot, without waiting for the next one, recorded like any scheduled firing. `swarm up` names
   * `hunter_scan`, so a fresh swarm starts looking for ideas at once.
   */
  readonly startWorkWith?: string;
}

/** What the scheduler did at start about the first work (see StartSchedulerOptions.startWorkWith). */
export type FirstWork =
  | { readonly kind: 'fired'; readonly firing: Firing }
  /** The log already has work (a task was created before), or the job is off: nothing was fired early. */
  | { readonly kind: 'not_needed'; readonly reason: string };

/** Whether any task was ever created on this log. */
const hasWork = async (runtime: SwarmRuntime): Promise<boolean> => {
  for await (const _ of runtime.log.readAll({ filter: { eventTypes: ['TaskCreated'] }, maxCount: 1 })) return true;
  return false;
};

/**
 * Runs the scheduler for `swarm up`: fires due slots (see createScheduler) and carries out the firings through the
 * `scheduled-jobs` process manager, which it runs itself from its own checkpoint. Throws at start on a bad job
 * (the message names the field). `stop()` ends both and resolves when they have.
 */
export const startScheduler = (
  runtime: SwarmRuntime,
  jobs: readonly ScheduledJob[],
  options: StartSchedulerOptions = {},
): { stop(): Promise<void>; firstWork: Promise<FirstWork | undefined> } => {
  const planned = planJobs(jobs);
  if (isLeft(planned)) throw new Error(planned.left.message);
  const log = options.log;
  const notifier: Notifier = options.notifier ?? {
    notify: async (n) => log?.info({ notification: n }, `notification: ${n.title}`),
  };
  const scheduler = createScheduler(runtime, planned.right, log ? { log } : {});
  const runner = runProcessManagers(runtime, [scheduledJobsProcess(planned.right, { notifier, ...(log ? { log } : {}) })], log ? { log } : {});
  runner.done.catch((e) => log?.error({ err: e }, 'scheduled jobs stopped'));
  const maxSleepMs = options.maxSleepMs ?? 60_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  const firstWork = (async (): Promise<FirstWork | undefined> => {
    const name = options.startWorkWith;
    if (name === undefined) return undefined;
    if (!planned.right.some((j) => j.name === name && j.enabled)) return { kind: 'not_needed', reason: `${name} is off` };
    if (await hasWork(runtime)) return { kind: 'not_needed', reason: 'the log has work already' };
    const firing = await scheduler.fireNow(name);
    return firing ? { kind: 'fired', firing } : { kind: 'not_needed', reason: `${name} has no slot yet` };
  })().catch((e: unknown) => {
    log?.error({ err: e }, 'first work not started');
    return undefined;
  });

  const loop = (async () => {
    await firstWork;
    while (!stopped) {
      try {
        await scheduler.tick();
      } catch (e) {
        log?.error({ err: e }, 'scheduler tick failed');
      }
      if (stopped) break;
      const next = scheduler.nextSlot();
      // Wake just after the slot begins (the slot must not be in the future when the decider sees it).
      const untilNext = next === undefined ? maxSleepMs : Date.parse(next) - Date.parse(runtime.now()) + 50;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, Math.max(50, Math.min(untilNext, maxSleepMs)));
      });
    }
  })();

  return {
    firstWork,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
      await runner.close();
    },
  };
};
