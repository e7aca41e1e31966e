import { parseCommandArgs } from '../../cli-args.js';
import type { CliContext } from '../../cli-context.js';
import { statusText } from '../../status-text.js';
import { currentStatus } from '../../commands/status.js';

export const usage = 'claude-swarm status';

/** CLI-SW-05: agents, queue totals, open proposals with the top 3, discussions in the last 30 minutes. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { flags: f } = parseCommandArgs(argv, {});
  const status = await currentStatus(ctx);
  ctx.out(f.json ? JSON.stringify(status) : statusText(status));
};
