import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { decideFromCli } from './gate-decision-cli.js';

export const usage = 'swarm reject ID --reason R   (a product\'s reason reaches the builder as a fix task and mail; humans only)';

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags, positionals } = parseCommandArgs(argv, { reason: { type: 'string', short: 'r' } }, [['ID', 'id']]);
  if (!v.reason?.trim()) throw badInput('--reason is required: say why, so the builder can fix it', { field: '--reason' });
  await decideFromCli(ctx, 'reject', positionals, { reason: v.reason }, Boolean(flags.json));
};
