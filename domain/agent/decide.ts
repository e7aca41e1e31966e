import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, forbidden, type DomainError } from '../errors.js';
import type { AgentCommand } from './commands.js';
import type { AgentEvent } from './events.js';
import type { AgentState } from './state.js';

/** Beats closer together than this are not recorded: the log keeps liveness, not every tick (W-13 asked for periodic beats). */
export const heartbeatSpacingMs = 30_000;

/** The agent whose stream this is: an agent may speak only for itself. */
export interface AgentDecisionContext extends DecisionContext {
  readonly agent: string;
}

const none: readonly AgentEvent[] = [];

export const decide = (cmd: AgentCommand, s: AgentState, ctx: AgentDecisionContext): Either<DomainError, readonly AgentEvent[]> => {
  if (ctx.actor.kind === 'agent' && ctx.actor.id !== ctx.agent)
    return left(forbidden(`${ctx.actor.id} may not act for ${ctx.agent}`, { field: 'agent' }));
  switch (cmd.type) {
    case 'ChangeAgentStatus': {
      // Only a resume lifts a pause; otherwise the dispatcher could put a paused agent back to work.
      if (s.paused && cmd.status === 'working')
        return left(conflict('agent is paused; resume it before giving it work', { field: 'status', details: { status: s.status } }));
      if (cmd.status === s.status && cmd.currentTaskId === s.currentTaskId) return right(none);
      return right([{ type: 'AgentStatusChanged', data: { status: cmd.status, ...pick(cmd) } }]);
    }
    case 'RecordHeartbeat': {
      if (s.lastHeartbeatAt && Date.parse(ctx.now) - Date.parse(s.lastHeartbeatAt) < heartbeatSpacingMs) return right(none);
      return right([{ type: 'AgentHeartbeat', data: { at: ctx.now } }]);
    }
    case 'PauseAgent':
      if (s.paused) return right(none);
      return right([{ type: 'AgentPaused', data: { by: ctx.actor.id, reason: cmd.reason } }]);
    case 'ResumeAgent':
      // An agent resuming itself would walk past its budget pause: only people (or the system acting for them) resume.
      if (ctx.actor.kind === 'agent') return left(forbidden('only a person may resume a paused agent'));
      if (!s.paused) return right(none);
      return right([{ type: 'AgentResumed', data: { by: ctx.actor.id, reason: cmd.reason } }]);
    default: {
      const unknown: never = cmd;
      return unknown;
    }
  }
};

const pick = (cmd: { currentTaskId?: string; reason?: string }) => ({
  ...(cmd.currentTaskId !== undefined ? { currentTaskId: cmd.currentTaskId } : {}),
  ...(cmd.reason !== undefined ? { reason: cmd.reason } : {}),
});
