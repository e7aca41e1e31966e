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
