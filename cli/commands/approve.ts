import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { decideFromCli } from './gate-decision-cli.js';

export const usage =
  'swarm approve ID [--note N] [--override-tests --note N]   (a project proposal → build task, or a product → publish task; a product whose tests fail needs --override-tests with a note; humans only)';

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags, positionals } = parseCommandArgs(argv, { note: { type: 'string' }, 'override-tests': { type: 'boolean' } }, [['ID', 'id']]);
  await decideFromCli(ctx, 'approve', positionals, { ...(v.note ? { note: v.note } : {}), ...(flags['override-tests'] ? { overrideTests: true } : {}) }, Boolean(flags.json));
};
