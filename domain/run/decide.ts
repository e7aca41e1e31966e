import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, invalid, notFound, type DomainError } from '../errors.js';
import type { RunCommand } from './commands.js';
import type { RunEvent } from './events.js';
import { microUsd, type RunState } from './state.js';

/**
 * A run's token accounting: every token is counted once, in TokensUsed events (the tokens and ledger projections
 * read only those). RunFinished reports the run's totals, which are the sum of its TokensUsed events: when the
 * driver's final report is higher than what was recorded during the run, the difference is recorded as one more
 * TokensUsed just before RunFinished; a final report lower than what was already recorded is refused.
 */
export const decide = (cmd: RunCommand, s: RunState, _ctx: DecisionContext): Either<DomainError, readonly RunEvent[]> => {
  if (cmd.type === 'StartRun') {
    if (s.status !== 'not_started') return left(conflict('this run has already started', { field: 'runId', details: { runId: cmd.runId } }));
    const { type: _type, ...data } = cmd;
    return right([{ type: 'RunStarted', data }]);
  }
  if (s.status === 'not_started') return left(notFound('no such run: it has not been started'));
  // A finished run is history: nothing more may be added to it.
  if (s.status === 'finished') return left(conflict('this run has finished; nothing can be added to it'));
  switch (cmd.type) {
    case 'RecordRunProgress':
      return right([{ type: 'RunProgressed', data: cmd.note === undefined ? {} : { note: cmd.note } }]);
    case 'RecordToolCall':
      return right([{ type: 'ToolCalled', data: { name: cmd.name, inputSummary: cmd.inputSummary } }]);
    case 'RecordTokens':
      return right([
        { type: 'TokensUsed', data: { agent: s.agent!, inputTokens: cmd.inputTokens, outputTokens: cmd.outputTokens, costUsd: cmd.costUsd, ...modelOf(cmd) } },
      ]);
    case 'RecordRateLimit':
      return right([{ type: 'ProviderRateLimited', data: { provider: cmd.provider, ...(cmd.resetAt ? { resetAt: cmd.resetAt } : {}) } }]);
    case 'FinishRun': {
      const below = (['inputTokens', 'outputTokens'] as const).find((f) => cmd[f] < s[f]);
      if (below)
        return left(invalid(`${below}: the run already recorded ${s[below]}, more than the ${cmd[below]} reported at its end`, { field: below }));
      if (microUsd(cmd.costUsd) < s.costMicroUsd)
        return left(invalid(`costUsd: the run already recorded $${s.costMicroUsd / 1e6}, more than the $${cmd.costUsd} reported at its end`, { field: 'costUsd' }));
      const rest = {
        inputTokens: cmd.inputTokens - s.inputTokens,
        outputTokens: cmd.outputTokens - s.outputTokens,
        costUsd: (microUsd(cmd.costUsd) - s.costMicroUsd) / 1_000_000,
      };
      const topUp: RunEvent[] =
        rest.inputTokens > 0 || rest.outputTokens > 0 || rest.costUsd > 0
          ? [{ type: 'TokensUsed', data: { agent: s.agent!, ...rest, ...modelOf(cmd) } }]
          : [];
      return right([
        ...topUp,
        {
          type: 'RunFinished',
          data: {
            exitCode: cmd.exitCode,
            durationMs: cmd.durationMs,
            inputTokens: cmd.inputTokens,
            outputTokens: cmd.outputTokens,
            costUsd: microUsd(cmd.costUsd) / 1_000_000,
            outcome: cmd.outcome,
            ...(cmd.reason !== undefined ? { reason: cmd.reason } : {}),
          },
        },
      ]);
    }
    default: {
      const unknown: never = cmd;
      return unknown;
    }
  }
};

const modelOf = (cmd: { model?: string; provider?: string }) => ({
  ...(cmd.model !== undefined ? { model: cmd.model } : {}),
  ...(cmd.provider !== undefined ? { provider: cmd.provider } : {}),
});
