import { isLeft } from 'fp-ts/lib/Either.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { roleOfAgent } from '../../domain/task/task-rules.js';
import { changeAgentStatus } from '../commands/agent-commands.js';
import { checkBudget } from '../commands/budget-commands.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import type { FollowUp, ProcessManager } from '../engine/process-manager.js';

const guard = { actor: { kind: 'system' as const, id: 'budget-guard' } };

/**
 * Budget guard (SPEC §3.7, §5): after every token report it lets the budget rules decide whether today's warning
 * (70%) or exhaustion (100%) is due for the agent and for the swarm — each appended once per day by the budget
 * decider. On exhaustion the agent is shown `budget_exceeded`; the dispatcher starts no new run for it until a person
 * raises the budget or resumes (nothing is killed mid-task).
 */
export const budgetGuard: ProcessManager = {
  name: 'budget-guard',
  eventTypes: ['TokensUsed', 'BudgetSet', 'BudgetExhausted', 'BudgetRaised', 'BudgetResumed'],
  react: (event: RecordedEvent, runtime: SwarmRuntime): readonly FollowUp[] => {
    const check = (scope: string): FollowUp => ({
      purpose: `check-${scope}`,
      execute: async (ctx) => {
        const checked = await checkBudget(runtime, { ...guard, correlationId: event.metadata.correlationId, causationId: event.id }, { scope, day: event.metadata.at.slice(0, 10) }, { eventIds: ctx.eventIds });
        if (isLeft(checked) && checked.left.code === 'invalid') throw new Error(checked.left.message);
      },
    });
    // A budget set below what the scope has already spent today is exhausted at once, not at its next token report
    // (which would come from the very run the budget was meant to stop).
    if (event.type === 'BudgetSet') return [check(event.stream.slice('budget-'.length))];
    if (event.type === 'BudgetRaised' || event.type === 'BudgetResumed') {
      const scope = event.stream.slice('budget-'.length);
      if (roleOfAgent(scope) === undefined) return [];
      return [
        {
          purpose: 'agent-status',
          execute: async (ctx) => {
            const changed = await changeAgentStatus(runtime, { ...guard, correlationId: event.metadata.correlationId, causationId: event.id }, { agent: scope, status: 'idle', reason: 'a person raised the budget or resumed work' }, { eventIds: ctx.eventIds });
            if (isLeft(changed) && changed.left.code === 'invalid') throw new Error(changed.left.message);
          },
        },
      ];
    }
    if (event.type === 'BudgetExhausted') {
      const scope = event.stream.slice('budget-'.length);
      if (roleOfAgent(scope) === undefined) return [];
      return [
        {
          purpose: 'agent-status',
          execute: async (ctx) => {
            const changed = await changeAgentStatus(runtime, { ...guard, correlationId: event.metadata.correlationId, causationId: event.id }, { agent: scope, status: 'budget_exceeded', reason: 'daily token budget exhausted; a person must raise it or resume' }, { eventIds: ctx.eventIds });
            if (isLeft(changed) && changed.left.code === 'invalid') throw new Error(changed.left.message);
          },
        },
      ];
    }
    const agent = (event.data as { agent?: unknown }).agent;
    const scopes = ['swarm', ...(typeof agent === 'string' && roleOfAgent(agent) ? [agent] : [])];
    return scopes.map(check);
  },
};
