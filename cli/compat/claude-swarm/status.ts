import { swarmStatus } from '../../../processes/queries/swarm-status.js';
import { freshReader } from '../../../projections/engine/fresh-reader.js';
import { parseCommandArgs } from '../../cli-args.js';
import type { CliContext } from '../../cli-context.js';
import { statusText } from '../../status-text.js';

export const usage = 'claude-swarm status';

/** CLI-SW-05: agents, queue totals, open proposals with the top 3, discussions in the last 30 minutes. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { flags: f } = parseCommandArgs(argv, {});
  const rt = await ctx.runtime();
  const status = await swarmStatus((p) => freshReader(rt.log, rt.projections, p), rt.now());
  ctx.out(f.json ? JSON.stringify(status) : statusText(status));
};
