import { isLeft } from 'fp-ts/lib/Either.js';
import { JobFired } from '../../domain/schedule/index.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';
import { createTask } from '../commands/task-commands.js';
import type { FollowUp, FollowUpContext, ProcessManager } from '../engine/process-manager.js';
import { dailySummary, dailySummaryText, dayBefore } from '../notifications/daily-summary.js';
import type { Notifier } from '../notifications/notifier.js';
import { raiseNotification } from '../notifications/raise-notification.js';
import { clearExpiredLocks } from '../sweeps/lock-cleanup.js';
import { expireDueProposals } from '../sweeps/proposal-expiry.js';
import { defaultGumroadApiUrl } from '../../infra/publishing/gumroad-products.js';
import { processSecrets } from '../../infra/secrets/process-secrets.js';
import { syncGumroadSales } from '../sales/sync-gumroad-sales.js';
import type { ScheduledJob } from './scheduled-jobs.js';

/** The UTC day of the log's first event ('9999-12-31' for an empty log: every day is before it). */
const firstEventDay = async (runtime: SwarmRuntime): Promise<string> => {
  for await (const first of runtime.log.readAll({ maxCount: 1 })) return first.metadata.at.slice(0, 10);
  return '9999-12-31';
};

export interface JobLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const schedulerActorId = 'scheduler';

/** A summary for a slot more than a day old is news nobody needs (a lost checkpoint re-reading old firings). */
const summaryShelfLifeMs = 24 * 3_600_000;

/** How far back an hourly Gumroad sync reads: new sales, and refunds of the sales of the last month. */
export const gumroadLookbackDays = 31;
/** The UTC hour whose slot reads every sale (refunds of older sales, and a first import of a store's history). */
export const gumroadFullSyncHour = 3;

/**
 * The `after` of a scheduled Gumroad sync: every sale in the 03:00–03:59 UTC slot, else the sales of the last 31
 * days (Gumroad gives about ten sales a page: reading a large store's whole history every hour would cost hundreds of
 * requests an hour, each sale already recorded). A swarm whose scheduler misses the 03 slot reads everything on
 * the next day's; `swarm income sync gumroad` without `--after` reads everything at once.
 */
export const scheduledSalesAfter = (slot: string): string | undefined => {
  const at = new Date(slot);
  if (at.getUTCHours() === gumroadFullSyncHour) return undefined;
  return new Date(at.getTime() - gumroadLookbackDays * 24 * 3_600_000).toISOString().slice(0, 10);
};

const run = async (job: ScheduledJob, fired: { job: string; slot: string }, ctx: FollowUpContext, notifier: Notifier, log?: JobLog) => {
  const { runtime, origin } = ctx;
  const caller: CommandCaller = { actor: { kind: 'system', id: schedulerActorId }, correlationId: origin.correlationId, causationId: origin.causationId };
  const action = job.action;
  switch (action.kind) {
    case 'create_task': {
      const { title, description, ...task } = action.task;
      const created = await createTask(
        runtime,
        caller,
        { ...task, payload: { title, description, source: 'scheduler', job: job.name, slot: fired.slot } },
        // Derived from the firing: running this again (redelivery, restart, a second instance) creates nothing new.
        { taskId: ctx.derivedId('task'), eventIds: ctx.eventIds },
      );
      if (isLeft(created)) {
        const open = created.left.details?.['existingTaskId'];
        if (open) log?.info({ job: job.name, slot: fired.slot, openTask: open }, 'previous scheduled task still open; none added');
        else log?.warn({ job: job.name, slot: fired.slot, error: created.left }, 'scheduled task refused');
      } else log?.info({ job: job.name, slot: fired.slot, taskId: created.right.taskId }, 'scheduled task created');
      return;
    }
    case 'expire_proposals': {
      const report = await expireDueProposals(runtime, caller);
      if (report.done.length + report.skipped.length > 0) log?.info({ job: job.name, slot: fired.slot, ...report }, 'proposal expiry');
      return;
    }
    case 'clear_expired_locks': {
      const report = await clearExpiredLocks(runtime, caller);
      if (report.done.length + report.skipped.length > 0) log?.info({ job: job.name, slot: fired.slot, ...report }, 'lock cleanup');
      return;
    }
    case 'daily_summary': {
      if (Date.parse(runtime.now()) - Date.parse(fired.slot) > summaryShelfLifeMs) return;
      const day = dayBefore(fired.slot);
      // A day before the log's first event has nothing to say (a new swarm's first start within the slot's grace).
      if ((await firstEventDay(runtime)) > day) return log?.info({ job: job.name, day }, 'no daily summary: the swarm did not exist that day');
      const summary = await dailySummary(runtime, day);
      const raised = await raiseNotification(
        runtime,
        notifier,
        { notificationId: ctx.derivedId('notification'), notification: dailySummaryText(summary), origin, causeEventId: ctx.origin.causationId },
        log,
      );
      if (isLeft(raised)) log?.warn({ job: job.name, error: raised.left }, 'daily summary refused');
      return;
    }
    case 'sync_gumroad_sales': {
      const secrets = await processSecrets(log);
      if (isLeft(secrets)) return log?.warn({ job: job.name, reason: secrets.left }, 'the secrets could not be read; Gumroad sales not synced');
      const token = secrets.right.get('GUMROAD_ACCESS_TOKEN');
      if (!token) return log?.info({ job: job.name }, 'GUMROAD_ACCESS_TOKEN is not set; Gumroad sales not synced');
      const after = scheduledSalesAfter(fired.slot);
      const synced = await syncGumroadSales(runtime, caller, { apiUrl: process.env.GUMROAD_API_URL || defaultGumroadApiUrl, token, ...(after ? { after } : {}), ...(log ? { log } : {}) });
      if (!synced.ok) log?.warn({ job: job.name, slot: fired.slot, reason: synced.message, recorded: synced.report.recorded }, 'Gumroad sales sync stopped; the next slot picks up the rest');
      return;
    }
    default: {
      const unknownAction: never = action;
      return unknownAction;
    }
  }
};

/**
 * Carries out each firing (JobFired): creates the job's task, runs its sweep, or sends the daily summary. Kept
 * apart from the firing itself so a crash between the two is finished on restart from this manager's checkpoint,
 * and every follow-up's ids derive from the JobFired event, so finishing twice adds nothing.
 */
export const scheduledJobsProcess = (jobs: readonly ScheduledJob[], options: { notifier: Notifier; log?: JobLog }): ProcessManager => ({
  name: 'scheduled-jobs',
  eventTypes: ['JobFired'],
  react: (event: RecordedEvent): FollowUp[] => {
    const decoded = JobFired.decode({ type: event.type, data: event.data });
    if (decoded._tag === 'Left') return [];
    const fired = decoded.right.data;
    const job = jobs.find((j) => j.name === fired.job);
    if (!job) {
      options.log?.warn({ job: fired.job, slot: fired.slot }, 'a firing of a job no longer configured; nothing to do');
      return [];
    }
    return [
      {
        purpose: `run:${job.name}`,
        execute: async (ctx) => {
          try {
            await run(job, fired, ctx, options.notifier, options.log);
          } catch (e) {
            // One job's failure must not stop the jobs after it; the next slot tries again.
            options.log?.error({ job: job.name, slot: fired.slot, err: e }, 'scheduled job failed');
          }
        },
      },
    ];
  },
});
