import type { RecordedEvent } from '../../domain/log/envelope.js';
import { dayOf } from '../../domain/run/quantities.js';
import type { DocWriter, Projection } from '../engine/projection.js';

/** What happened to tasks on one UTC day (by the time each event was recorded). */
export interface TaskDay {
  readonly day: string;
  readonly created: number;
  readonly completed: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly lastPosition: number;
}

export interface AgentTaskDay {
  readonly day: string;
  readonly agent: string;
  readonly completed: number;
  readonly failed: number;
  readonly lastPosition: number;
}

export interface TypeTaskDay {
  readonly day: string;
  readonly type: string;
  readonly created: number;
  readonly lastPosition: number;
}

export const taskDayCollections = { day: 'day', agentDay: 'agent-day', typeDay: 'type-day' } as const;

type Counter = 'created' | 'completed' | 'failed' | 'cancelled';
const counterOf: Record<string, Counter> = { TaskCreated: 'created', TaskCompleted: 'completed', TaskFailed: 'failed', TaskCancelled: 'cancelled' };

/** Adds one to `field` of a document unless this event was already folded into it (redelivery changes nothing). */
const bump = <T extends { lastPosition: number }>(docs: DocWriter, collection: string, key: string, empty: T, field: keyof T, e: RecordedEvent) => {
  const doc = docs.get<T>(collection, key) ?? empty;
  if (doc.lastPosition >= e.position) return;
  docs.put(collection, key, { ...doc, [field]: (doc[field] as number) + 1, lastPosition: e.position });
};

/**
 * Task activity per UTC day (created, completed, failed, cancelled), per agent and day (completed, failed) and per
 * type and day (created): the daily summary's figures, read by key instead of scanning the task board.
 */
export const taskDaysProjection: Projection = {
  name: 'task-days',
  version: 1,
  eventTypes: Object.keys(counterOf),
  apply: (docs, e) => {
    const counter = counterOf[e.type];
    if (!counter) return;
    const day = dayOf(e.metadata.at);
    bump<TaskDay>(docs, taskDayCollections.day, day, { day, created: 0, completed: 0, failed: 0, cancelled: 0, lastPosition: 0 }, counter, e);
    const data = e.data as { agent?: unknown; type?: unknown };
    if ((counter === 'completed' || counter === 'failed') && typeof data.agent === 'string') {
      const agent = data.agent;
      bump<AgentTaskDay>(docs, taskDayCollections.agentDay, `${day}|${agent}`, { day, agent, completed: 0, failed: 0, lastPosition: 0 }, counter, e);
    }
    if (counter === 'created' && typeof data.type === 'string') {
      const type = data.type;
      bump<TypeTaskDay>(docs, taskDayCollections.typeDay, `${day}|${type}`, { day, type, created: 0, lastPosition: 0 }, 'created', e);
    }
  },
};
