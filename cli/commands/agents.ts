import { dayOf } from '../../domain/run/quantities.js';
import { agentsProjection } from '../../projections/agents/agents-projection.js';
import { agentTable } from '../../projections/agents/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { tokensProjection } from '../../projections/tokens/tokens-projection.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { table } from '../output.js';

export const usage = 'swarm agents [--json]   (status, current task, last heartbeat, tokens today)';

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { flags: f, positionals } = parseCommandArgs(argv, {});
  if (positionals.length > 0) throw badInput(`agents: unexpected argument "${positionals[0]}"`);
  const rt = await ctx.runtime();
  const day = dayOf(rt.now());
  const rows = agentTable(await freshReader(rt.log, rt.projections, agentsProjection), await freshReader(rt.log, rt.projections, tokensProjection), day);
  ctx.out(f.json ? JSON.stringify({ day, agents: rows }) : table(rows, ['agent', 'status', 'currentTask', 'lastHeartbeat', 'tokensToday']));
};
