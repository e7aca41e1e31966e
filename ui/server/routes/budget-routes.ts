import { left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { agentNames } from '../../../domain/agent/roles.js';
import { swarmBudgetScope } from '../../../domain/budget/index.js';
import { invalid } from '../../../domain/errors.js';
import { dayOf } from '../../../domain/run/quantities.js';
import { raiseBudget, resumeBudget, setBudget } from '../../../processes/commands/budget-commands.js';
import { agentsProjection, type AgentView } from '../../../projections/agents/agents-projection.js';
import { budgetDay, budgetOf, usageOn } from '../../../projections/tokens/queries.js';
import { tokensProjection } from '../../../projections/tokens/tokens-projection.js';
import type { ApiContext } from '../api-context.js';
import type { ApiRoutes } from '../api-routes.js';

const Tokens = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'a whole number of tokens ≥ 0 (0 = unlimited)');
const TokensBody = t.partial({ tokens: Tokens });

/** Daily token budgets of the swarm and of each agent, today's use, and rate limits (SPEC §3.7, §7.3 Budgets). */
export const budgetRoutes = (api: ApiRoutes, ctx: ApiContext): void => {
  api.read('/api/budgets', { tag: 'budgets', summary: "Each budget's daily limit, today's use and state; agents that are rate limited or out of budget" }, async () => {
    const reader = await ctx.read(tokensProjection);
    const agents = await ctx.read(agentsProjection);
    const day = dayOf(ctx.runtime.now());
    const settings = ctx.runtime.settings;
    const budgets = [swarmBudgetScope, ...agentNames].map((scope) => {
      const standing = budgetOf(reader, scope)?.dailyTokens ?? (scope === swarmBudgetScope ? settings.dailyBudgetSwarm : settings.dailyBudgetPerAgent);
      const today = budgetDay(reader, scope, day);
      const limit = today?.raisedTo ?? standing;
      const used = usageOn(reader, day, scope === swarmBudgetScope ? undefined : scope).totalTokens;
      const exhausted = Boolean(today?.exhausted && !today.resumed && !(today.raisedTo && today.raisedTo > today.exhausted.limit));
      const state = today?.resumed ? 'resumed' : exhausted ? 'exhausted' : today?.warned ? 'warning' : 'ok';
      return { scope, daily_limit: limit, unlimited: limit === 0, used_today: used, share: limit > 0 ? Math.round((used / limit) * 1000) / 1000 : null, state };
    });
    const limited = agents
      .all<AgentView>('agents')
      .filter((a) => a.status === 'rate_limited' || a.status === 'budget_exceeded' || a.paused)
      .map((a) => ({ agent: a.agent, status: a.status, paused: a.paused, reason: a.reason ?? null, since: a.since ?? null }));
    return right({ day, warning_threshold: settings.budgetWarningThreshold, budgets, limited_agents: limited });
  });

  for (const action of ['set', 'raise', 'resume'] as const) {
    api.mutate(
      `/api/budgets/:scope/${action}`,
      {
        tag: 'budgets',
        summary:
          action === 'set'
            ? 'Set the standing daily token limit of swarm or an agent (tokens; 0 = unlimited)'
            : action === 'raise'
              ? "Raise today's limit (tokens): an exhausted agent works again"
              : 'Let work go on past an exhausted budget for the rest of today',
        body: TokensBody,
      },
      async ({ body, params, caller }) => {
        if (action !== 'resume' && body.tokens === undefined) return left(invalid(`tokens: a whole number of tokens is required to ${action} a budget`, { field: 'tokens' }));
        const input = { scope: params.scope, ...(action !== 'resume' ? { dailyTokens: body.tokens } : {}) };
        const done = action === 'set' ? await setBudget(ctx.runtime, caller, input) : action === 'raise' ? await raiseBudget(ctx.runtime, caller, input) : await resumeBudget(ctx.runtime, caller, input);
        if (done._tag === 'Left') return { ...done, left: done.left.field === 'dailyTokens' ? { ...done.left, field: 'tokens' } : done.left };
        return right({ success: true, scope: done.right.scope, appended: done.right.appended });
      },
    );
  }
};
