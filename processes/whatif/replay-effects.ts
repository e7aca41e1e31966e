import { isLeft } from 'fp-ts/lib/Either.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { taskStream } from '../../domain/task/index.js';
import type { RecordedEffects } from '../../agents/drivers/replay-driver.js';
import type { SwarmRuntime } from '../commands/runtime.js';

/**
 * Plays a recorded run's decisions into a fork: each event its agent appended is appended again, with its own id
 * (the fork is another log, so ids line up between the two histories and follow-ups derived from them do too), under
 * the replayed run's id and time. Only a run whose prompt hash is unchanged is replayed, so its task, payload, mail
 * and memories are the recorded ones; the claim is the fork's own, so the claim generation on the task is the fork's.
 */
export const forkEffects = (runtime: SwarmRuntime): RecordedEffects => ({
  play: async (effects, request) => {
    const taskId = request.env.SWARM_TASK_ID;
    const generation = Number(request.env.SWARM_CLAIM_GENERATION);
    for (const e of effects) {
      const data = adjusted(e, taskId, generation);
      const appended = await runtime.log.append(e.stream, [{ id: e.id, type: e.type, data, metadata: { ...e.metadata, runId: request.runId, at: runtime.now() } }]);
      if (isLeft(appended)) throw new Error(`${e.type} on ${e.stream}: ${appended.left.message}`);
    }
  },
});

const adjusted = (e: RecordedEvent, taskId: string | undefined, generation: number): unknown => {
  if (taskId === undefined || e.stream !== taskStream(taskId) || !Number.isInteger(generation)) return e.data;
  const data = e.data as Record<string, unknown> | null;
  return data && typeof data === 'object' && typeof data.generation === 'number' ? { ...data, generation } : e.data;
};
