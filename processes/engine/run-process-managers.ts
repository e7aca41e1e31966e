import type { RecordedEvent } from '../../domain/log/envelope.js';
import { eventIdsAfter } from '../../domain/log/event-ids.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import { eventLoopTurns } from './event-loop-turns.js';
import type { FollowUpContext, ProcessManager } from './process-manager.js';

export interface ProcessManagerLog {
  error(fields: Record<string, unknown>, message: string): void;
  debug?(fields: Record<string, unknown>, message: string): void;
}

/**
 * Carries out one manager's follow-ups for one event, each with ids derived from the event and its purpose; returns
 * how many it had.
 */
export const reactTo = async (manager: ProcessManager, event: RecordedEvent, runtime: SwarmRuntime, log?: ProcessManagerLog): Promise<number> => {
  const followUps = await manager.react(event, runtime);
  for (const followUp of followUps) {
    const purpose = `${manager.name}:${followUp.purpose}`;
    const ctx: FollowUpContext = {
      runtime,
      origin: { correlationId: event.metadata.correlationId, causationId: event.id, ...(event.metadata.runId ? { runId: event.metadata.runId } : {}) },
      eventIds: eventIdsAfter((i) => runtime.followUpId(event.id, `${purpose}#${i}`), event.position),
      derivedId: (p) => runtime.followUpId(event.id, `${purpose}/${p}`),
    };
    try {
      await followUp.execute(ctx);
    } catch (e) {
      log?.error({ manager: manager.name, purpose: followUp.purpose, event: event.id, err: e }, 'follow-up failed');
      throw e;
    }
  }
  return followUps.length;
};

/**
 * Events a manager may handle without following up before its checkpoint is saved. An event with follow-ups saves it
 * at once, and so does reaching the log's head; the others are saved in groups: a restart that handed the managers
 * a thousand events spent 0.13 s saving a checkpoint after each. A crash delivers those events again, which re-reads
 * and decides nothing new (the follow-ups of each are idempotent, and these had none).
 */
export const SAVE_EVERY_EVENTS = 100;

/** How long closing waits for a follow-up in hand before it lets the caller go on. */
const defaultCloseGraceMs = 10_000;

/**
 * Runs process managers on a live subscription, each from its own checkpoint (`pm-<name>`): events are handled
 * in order, and the checkpoint is saved after an event's follow-ups are all done, so a crash re-runs at most the
 * event in hand and the events without follow-ups before it (see `SAVE_EVERY_EVENTS`) — harmless, because follow-ups
 * are idempotent.
 */
export const runProcessManagers = (
  runtime: SwarmRuntime,
  managers: readonly ProcessManager[],
  options: { log?: ProcessManagerLog; beforeEach?: (event: RecordedEvent) => Promise<void>; closeGraceMs?: number } = {},
) => {
  const subscriptions = managers.map((manager) => {
    const checkpointName = `pm-${manager.name}`;
    let closed = false;
    let subscription: ReturnType<SwarmRuntime['log']['subscribeToAll']> | undefined;
    // The wait before a retry, cut short by close (a stopping swarm does not sit out a back-off of up to 30 s).
    let wakeFromWait: (() => void) | undefined;
    // A follow-up that fails because the swarm is stopping under it is not news.
    const reactionLog: ProcessManagerLog | undefined = options.log && { ...options.log, error: (fields, message) => void (closed || options.log!.error(fields, message)) };
    // A failed follow-up must not stop the manager for good: log it, wait a little longer each time, and subscribe
    // again from the last saved checkpoint (the event is delivered again; its follow-ups are idempotent).
    const done = (async () => {
      for (let failures = 0; !closed; ) {
        try {
          const from = (await runtime.log.checkpoints.load(checkpointName)) ?? 0;
          if (closed) return;
          subscription = runtime.log.subscribeToAll({ fromPosition: from, filter: { eventTypes: manager.eventTypes } });
          // The last event handled whose position is not saved yet, and how many such events there are.
          let unsaved: { position: number; events: number } | undefined;
          const save = async () => {
            if (!unsaved) return;
            const { position } = unsaved;
            unsaved = undefined;
            await runtime.log.checkpoints.save(checkpointName, position);
          };
          const turn = eventLoopTurns();
          try {
            for await (const message of subscription) {
              await turn();
              if (closed) return;
              if (message.kind === 'caughtUp') await save();
              if (message.kind !== 'event') continue;
              await options.beforeEach?.(message.event);
              const followUps = await reactTo(manager, message.event, runtime, reactionLog);
              unsaved = { position: message.event.position, events: (unsaved?.events ?? 0) + 1 };
              if (followUps > 0 || unsaved.events >= SAVE_EVERY_EVENTS) await save();
              failures = 0;
            }
          } finally {
            // Handled is handled, whether the manager stops or fails on a later event.
            await save().catch(() => undefined);
          }
          return;
        } catch (e) {
          await subscription?.close().catch(() => undefined);
          // Closed meanwhile: the event in hand is left to the next start (its checkpoint was not saved).
          if (closed) return;
          failures++;
          options.log?.error({ manager: manager.name, err: e, failures }, 'process manager failed; retrying from its checkpoint');
          await new Promise<void>((r) => {
            const timer = setTimeout(r, Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
            wakeFromWait = () => (clearTimeout(timer), r());
          });
          wakeFromWait = undefined;
        }
      }
    })();
    return {
      done,
      // Resolves once the manager has stopped: the event in hand finished (its follow-ups use the runtime, which the
      // caller closes next), nothing started after it — or after `closeGraceMs`, for a follow-up that does not end
      // (its failure afterwards is not reported, and the next start delivers its event again).
      close: async () => {
        closed = true;
        wakeFromWait?.();
        await subscription?.close();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([done.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, options.closeGraceMs ?? defaultCloseGraceMs)))]);
        clearTimeout(timer);
      },
    };
  });
  return {
    done: Promise.all(subscriptions.map((s) => s.done)),
    close: async () => {
      await Promise.all(subscriptions.map((s) => s.close()));
    },
  };
};
