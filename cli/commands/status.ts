import { swarmStatus } from '../../processes/queries/swarm-status.js';
import { parseAsOf, readModel } from '../as-of.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { statusText } from '../status-text.js';

export const usage = 'swarm status [--as-of POSITION|ISO-TIME] [--json]   (agents, queue, human gates, governance)';

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f } = parseCommandArgs(argv, { 'as-of': { type: 'string' } });
  const asOf = parseAsOf(v['as-of']);
  const rt = await ctx.runtime();
  const now = asOf && 'time' in asOf ? asOf.time : rt.now();
  const status = await swarmStatus((p) => readModel(rt.log, rt.projections, p, asOf), now);
  ctx.out(f.json ? JSON.stringify(status) : statusText(status));
};
