import type { CommandOrigin } from './handle-command.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';

/**
 * The causal origin of a command's events: the caller's chain when it has one (an agent run, a process manager),
 * else `fallbackCorrelation` (e.g. the task's own chain), else a new chain.
 */
export const originOf = (runtime: SwarmRuntime, caller: CommandCaller, fallbackCorrelation?: string): CommandOrigin => {
  const correlationId = caller.correlationId ?? fallbackCorrelation ?? runtime.newId();
  return {
    correlationId,
    causationId: caller.causationId ?? correlationId,
    ...(caller.runId ? { runId: caller.runId } : {}),
  };
};

/**
 * The causal chain a stream belongs to: the correlation id of its first event. A decision on an item (a person
 * approving a project) continues the item's chain, so `swarm replay --correlation` shows idea → decision → product.
 */
export const streamCorrelation = async (runtime: SwarmRuntime, stream: string): Promise<string | undefined> => {
  const first = await runtime.log.readStream(stream, { maxCount: 1 });
  return first._tag === 'Right' ? first.right[0]?.metadata.correlationId : undefined;
};
