import { isLeft } from 'fp-ts/lib/Either.js';
import { agentNames } from '../../domain/agent/roles.js';
import { dayOf } from '../../domain/run/quantities.js';
import { raiseBudget, resumeBudget, setBudget } from '../../processes/commands/budget-commands.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { budgetBlocks, budgetDay, budgetOf, usageOn } from '../../projections/tokens/queries.js';
import { tokensProjection } from '../../projections/tokens/tokens-projection.js';
import { parseCommandArgs } from '../cli-args.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { nonNegativeInteger } from '../cli-values.js';
import { failOn } from '../domain-failure.js';
import { render, table } from '../output.js';

export const usage = [
  'swarm budget [show] [--json]   (daily token budgets of the swarm and each agent, today\'s use and state)',
  'swarm budget set SCOPE TOKENS | budget raise SCOPE TOKENS | budget resume SCOPE   (SCOPE: swarm or an agent; 0 = unlimited; people only)',
].join('\n  ');

/** Token budgets (SPEC §3.7): what is set, what today used, and whether a person is needed to raise or resume. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { flags: f, positionals } = parseCommandArgs(argv, {}, [['subcommand', 'name'], ['SCOPE', 'id'], ['TOKENS', 'name']]);
  const [sub = 'show', scope, amount] = positionals;
  const rt = await ctx.runtime();
  if (sub === 'show') {
    const reader = await freshReader(rt.log, rt.projections, tokensProjection);
    const day = dayOf(rt.now());
    const settings = rt.settings;
    const rows = ['swarm', ...agentNames].map((s) => {
      const standing = budgetOf(reader, s)?.dailyTokens ?? (s === 'swarm' ? settings.dailyBudgetSwarm : settings.dailyBudgetPerAgent);
      const today = budgetDay(reader, s, day);
      const limit = today?.raisedTo ?? standing;
      const used = usageOn(reader, day, s === 'swarm' ? undefined : s).totalTokens;
      const state = today?.resumed ? 'resumed by a person' : budgetBlocks(reader, s, day) ? 'EXHAUSTED: a person must raise or resume' : today?.warned ? 'warning (≥ 70%)' : 'ok';
      return { scope: s, daily_limit: limit === 0 ? 'unlimited' : limit, used_today: used, state };
    });
    ctx.out(f.json ? JSON.stringify({ day, budgets: rows }) : table(rows));
    return;
  }
  if (!scope) throw badInput(`budget ${sub}: SCOPE is required (swarm or an agent)`, { field: 'SCOPE' });
  const caller = cliCaller(ctx);
  const done =
    sub === 'set'
      ? await setBudget(rt, caller, { scope, dailyTokens: nonNegativeInteger('TOKENS', amount ?? '') })
      : sub === 'raise'
        ? await raiseBudget(rt, caller, { scope, dailyTokens: nonNegativeInteger('TOKENS', amount ?? '') })
        : sub === 'resume'
          ? await resumeBudget(rt, caller, { scope })
          : badInput(`budget: expected show, set, raise or resume, got "${sub}"`, { field: 'subcommand' });
  if (done instanceof Error) throw done;
  if (isLeft(done)) return failOn(done.left);
  ctx.out(render({ scope: done.right.scope, appended: done.right.appended }, { json: !!f.json }, () => `budget ${sub} for ${scope}: ${done.right.appended.join(', ') || 'nothing to change'}`));
};
