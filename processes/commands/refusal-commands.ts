import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { refusalDecider, refusalStream, type RefusalReason } from '../../domain/refusal/index.js';
import { handleCommand } from './handle-command.js';
import type { SwarmRuntime } from './runtime.js';

export interface RefusalInput {
  readonly agent: string;
  readonly command: string;
  readonly reason: RefusalReason;
  readonly message: string;
  readonly runId?: string;
  readonly taskId?: string;
  /** The refused run's causal chain, so `swarm replay --run` shows the refusal beside the run's other events. */
  readonly correlationId?: string;
}

/** Records a command the agent endpoint refused for lack of authority (AgentCommandRefused), as the system. */
export const recordRefusal = async (runtime: SwarmRuntime, input: RefusalInput): Promise<Either<DomainError, { refusalId: string }>> => {
  const refusalId = runtime.newId();
  const { correlationId, ...data } = input;
  const chain = correlationId ?? refusalId;
  const handled = await handleCommand(
    runtime,
    refusalDecider,
    refusalStream(refusalId),
    { type: 'RecordRefusal', refusalId, ...data },
    { now: runtime.now(), actor: { kind: 'system', id: 'agent-endpoint' } },
    { correlationId: chain, causationId: chain, ...(input.runId ? { runId: input.runId } : {}) },
  );
  return isLeft(handled) ? handled : right({ refusalId });
};
