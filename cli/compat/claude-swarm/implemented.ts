import { parseCommandArgs } from '../../cli-args.js';
import type { CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { implemented } from '../../commands/proposals.js';

export const usage = 'claude-swarm implemented ID [--notes N]   (meta, or a human: an approved proposal is done)';

/** Not in the original (W-32: nothing could mark a proposal implemented); meta's way to close the loop. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, { notes: { type: 'string' } }, [['ID', 'id']]);
  if (positionals.length !== 1) throw badInput('ID: claude-swarm implemented takes one proposal id', { field: 'ID' });
  await implemented(ctx, positionals[0]!, v.notes, !!f.json);
};
