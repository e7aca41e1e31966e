import { isLeft } from 'fp-ts/lib/Either.js';
import { ApprovalRequested, PublishFailed } from '../../domain/approval/index.js';
import { BudgetExhausted, BudgetWarningRaised } from '../../domain/budget/index.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { ProjectSubmitted } from '../../domain/project/index.js';
import { AgentCommandRefused } from '../../domain/refusal/index.js';
import { ProviderRateLimited, RunStarted } from '../../domain/run/events.js';
import { TaskFailed } from '../../domain/task/events.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { firstRefusalsOfGroup } from '../../projections/refusals/queries.js';
import { refusalGroup, refusalsProjection } from '../../projections/refusals/refusals-projection.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import type { TaskView } from '../../projections/tasks/task-view.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import type { FollowUp, ProcessManager } from '../engine/process-manager.js';
import type { Notification, Notifier } from './notifier.js';
import { getApproval } from '../../projections/approvals/queries.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { agentRefused, approvalReady, budgetExhausted, budgetWarning, projectProposal, publishFailed, rateLimited, refusalNotificationsPerRun, taskFailed } from './notification-texts.js';
import { raiseNotification, type NotificationLog } from './raise-notification.js';

export interface NotificationsOptions {
  readonly log?: NotificationLog & { debug?(fields: Record<string, unknown>, message: string): void };
  /** Base address of the dashboard, for links (e.g. `http://127.0.0.1:8080`); no links without it. */
  readonly dashboardUrl?: string;
  /**
   * Events older than this (by their recorded time) are not notified: a first `swarm up` on a long history, or a
   * lost checkpoint, must not replay weeks of alerts into Slack. Default 24 h.
   */
  readonly maxAgeHours?: number;
}

const streamId = (stream: string, category: string) => stream.slice(category.length + 1);

const agentOfRun = async (runtime: SwarmRuntime, stream: string): Promise<string | undefined> => {
  const read = await runtime.log.readStream(stream, { maxCount: 1 });
  if (isLeft(read) || read.right.length === 0) return undefined;
  const started = RunStarted.decode({ type: read.right[0]!.type, data: read.right[0]!.data });
  return started._tag === 'Right' ? started.right.data.agent : undefined;
};

/** The notification an event calls for, if any (the facts it lacks are looked up in the read models). */
export const notificationFor = async (event: RecordedEvent, runtime: SwarmRuntime, dashboardUrl?: string): Promise<Notification | undefined> => {
  const as = { type: event.type, data: event.data };
  switch (event.type) {
    case 'ApprovalRequested': {
      const e = ApprovalRequested.decode(as);
      return e._tag === 'Right' ? approvalReady(e.right.data, dashboardUrl) : undefined;
    }
    case 'PublishFailed': {
      const e = PublishFailed.decode(as);
      if (e._tag === 'Left') return undefined;
      const approval = getApproval(await freshReader(runtime.log, runtime.projections, approvalsProjection), e.right.data.approvalId);
      return publishFailed(
        { ...e.right.data, ...(approval ? { productName: approval.productName, platform: e.right.data.platform ?? approval.platform } : {}) },
        dashboardUrl,
      );
    }
    case 'ProjectSubmitted': {
      const e = ProjectSubmitted.decode(as);
      return e._tag === 'Right' ? projectProposal(e.right.data, dashboardUrl) : undefined;
    }
    case 'TaskFailed': {
      const e = TaskFailed.decode(as);
      if (e._tag === 'Left') return undefined;
      const taskId = streamId(event.stream, 'task');
      const task = (await freshReader(runtime.log, runtime.projections, taskBoard)).get<TaskView>('task', taskId);
      const agent = e.right.data.agent ?? task?.claimedBy;
      return taskFailed(
        {
          taskId,
          reason: e.right.data.reason,
          deadLettered: e.right.data.deadLettered,
          ...(task ? { type: task.type, attempts: task.attempts } : {}),
          ...(task?.title ? { title: task.title } : {}),
          ...(agent ? { agent } : {}),
        },
        dashboardUrl,
      );
    }
    case 'ProviderRateLimited': {
      const e = ProviderRateLimited.decode(as);
      if (e._tag === 'Left') return undefined;
      const agent = await agentOfRun(runtime, event.stream);
      return rateLimited({
        provider: e.right.data.provider,
        runId: streamId(event.stream, 'run'),
        ...(e.right.data.resetAt ? { resetAt: e.right.data.resetAt } : {}),
        ...(agent ? { agent } : {}),
      });
    }
    case 'BudgetWarningRaised':
    case 'BudgetExhausted': {
      const e = (event.type === 'BudgetWarningRaised' ? BudgetWarningRaised : BudgetExhausted).decode(as);
      if (e._tag === 'Left') return undefined;
      const facts = { scope: streamId(event.stream, 'budget'), ...e.right.data };
      return event.type === 'BudgetWarningRaised' ? budgetWarning(facts) : budgetExhausted(facts);
    }
    case 'AgentCommandRefused': {
      const e = AgentCommandRefused.decode(as);
      if (e._tag === 'Left') return undefined;
      // A misbehaving agent may try again and again: the first few refusals of a run are notified, all are recorded.
      // Which ones is read from the log (the refusal's place among its run's), so it is the same on every redelivery.
      const refusals = await freshReader(runtime.log, runtime.projections, refusalsProjection);
      const rank = firstRefusalsOfGroup(refusals, refusalGroup(e.right.data), refusalNotificationsPerRun).indexOf(event.position);
      if (rank < 0) return undefined;
      const { agent, command, reason, message, runId, taskId } = e.right.data;
      return agentRefused(
        { agent, command, reason, message, ...(runId ? { runId } : {}), ...(taskId ? { taskId } : {}), lastNotified: rank === refusalNotificationsPerRun - 1 },
        dashboardUrl,
      );
    }
    default:
      return undefined;
  }
};

export const notifiedEventTypes = [
  'ApprovalRequested',
  'PublishFailed',
  'ProjectSubmitted',
  'TaskFailed',
  'ProviderRateLimited',
  'BudgetWarningRaised',
  'BudgetExhausted',
  'AgentCommandRefused',
] as const;

/**
 * Turns events people must hear about into notifications (SPEC §5): a product ready for approval, a project
 * proposal, a failed task, a rate limit, a budget warning or exhaustion, an agent command refused for lack of
 * authority (the first few of each run). One notification per event, its id derived
 * from the event's, recorded as NotificationRaised before delivery, so a redelivered event, a restart or a second
 * `swarm up` never notifies twice (see raiseNotification).
 */
export const notificationsProcess = (notifier: Notifier, options: NotificationsOptions = {}): ProcessManager => {
  const maxAgeMs = (options.maxAgeHours ?? 24) * 3_600_000;
  return {
    name: 'notifications',
    eventTypes: notifiedEventTypes,
    react: (event: RecordedEvent, runtime: SwarmRuntime): FollowUp[] => {
      if (Date.parse(runtime.now()) - Date.parse(event.metadata.at) > maxAgeMs) {
        options.log?.debug?.({ event: event.id, type: event.type }, 'too old to notify');
        return [];
      }
      return [
        {
          purpose: 'notify',
          execute: async (ctx) => {
            const notification = await notificationFor(event, ctx.runtime, options.dashboardUrl);
            if (!notification) return;
            const raised = await raiseNotification(
              ctx.runtime,
              notifier,
              { notificationId: ctx.derivedId('notification'), notification, origin: ctx.origin, causeEventId: event.id },
              options.log,
            );
            // A refusal here is a bug in a text, not a reason to stop every later notification.
            if (isLeft(raised)) options.log?.warn({ event: event.id, error: raised.left }, 'notification refused');
          },
        },
      ];
    },
  };
};
