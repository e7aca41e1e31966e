import { parseCommandArgs } from '../../cli-args.js';
import { namedAgent, type CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { jsonObject } from '../../cli-values.js';
import { propose } from '../../commands/propose.js';

export const usage = 'claude-swarm propose TYPE "title" "description" [PAYLOAD_JSON] [--author A]';

/** CLI-SW-02. The proposer is the caller; `--author` must agree with SWARM_AGENT when that is set. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, { author: { type: 'string' } }, [
    ['TYPE', 'name'],
    ['title', 'name'],
    ['description', 'text'],
    ['payload', 'json'],
  ]);
  if (positionals.length < 3 || positionals.length > 4)
    throw badInput(`claude-swarm propose: expected TYPE "title" "description" [payload], got ${positionals.length} argument(s)`, { field: 'TYPE' });
  if (ctx.agent) namedAgent(ctx, '--author', v.author);
  const [type, title, description, payloadText] = positionals as [string, string, string, string | undefined];
  const payload = payloadText === undefined ? {} : jsonObject('payload', payloadText);
  await propose(ctx, { type, title, description, payload }, !!f.json, 'claude-swarm vote');
};
