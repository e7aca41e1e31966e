import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { agentDecider, agentStream, AgentStatus, type AgentCommand } from '../../domain/agent/index.js';
import { decodeWith } from '../../domain/decode.js';
import type { DomainError } from '../../domain/errors.js';
import { NonEmptyText } from '../../domain/run/quantities.js';
import { roleOfAgent } from '../../domain/task/task-rules.js';
import { originOf } from './command-origin.js';
import { handleCommand, type HandleOptions } from './handle-command.js';

type FollowUpIds = Pick<HandleOptions, 'eventIds'>;
import type { CommandCaller, SwarmRuntime } from './runtime.js';

export const AgentId = t.refinement(
  t.string,
  (s) => roleOfAgent(s) !== undefined,
  'an agent: a role (hunter, critic, pm, builder, reviewer, tester, publisher, meta, liaison, support) or an instance of one such as builder-2',
);

const StatusInput = t.intersection([t.type({ agent: AgentId, status: AgentStatus }), t.partial({ currentTaskId: t.string, reason: t.string })]);
const HeartbeatInput = t.type({ agent: AgentId });
const PauseInput = t.type({ agent: AgentId, reason: NonEmptyText });

export interface AgentCommandResult {
  readonly agent: string;
  /** The event types appended (none when the command changed nothing, e.g. a beat within 30 s of the last). */
  readonly appended: readonly string[];
  readonly position: number;
}

const onAgent = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  agent: string,
  command: AgentCommand,
  options: FollowUpIds = {},
): Promise<Either<DomainError, AgentCommandResult>> => {
  const handled = await handleCommand(runtime, agentDecider, agentStream(agent), command, { now: runtime.now(), actor: caller.actor, agent }, originOf(runtime, caller), options);
  if (isLeft(handled)) return handled;
  return right({ agent, appended: handled.right.events.map((e) => e.type), position: handled.right.position });
};

/** `eventIds` derived from a causing event make a process manager's status change idempotent under redelivery. */
export const changeAgentStatus = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown, options: FollowUpIds = {}) => {
  const decoded = decodeWith(StatusInput)(input);
  if (isLeft(decoded)) return decoded;
  const { agent, ...rest } = decoded.right;
  return onAgent(runtime, caller, agent, { type: 'ChangeAgentStatus', ...rest }, options);
};

export const recordHeartbeat = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) => {
  const decoded = decodeWith(HeartbeatInput)(input);
  if (isLeft(decoded)) return decoded;
  return onAgent(runtime, caller, decoded.right.agent, { type: 'RecordHeartbeat' });
};

export const pauseAgent = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) => {
  const decoded = decodeWith(PauseInput)(input);
  if (isLeft(decoded)) return decoded;
  return onAgent(runtime, caller, decoded.right.agent, { type: 'PauseAgent', reason: decoded.right.reason });
};

export const resumeAgent = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) => {
  const decoded = decodeWith(PauseInput)(input);
  if (isLeft(decoded)) return decoded;
  return onAgent(runtime, caller, decoded.right.agent, { type: 'ResumeAgent', reason: decoded.right.reason });
};
