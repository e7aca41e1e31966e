import { inbox } from '../../../processes/commands/mail-commands.js';
import { parseCommandArgs } from '../../cli-args.js';
import { namedAgent, type CliContext } from '../../cli-context.js';
import { integerInRange } from '../../cli-values.js';
import { messageJson } from '../../commands/mail.js';
import { checkAgentFilter } from '../../list-filters.js';

export const usage = 'claude-tasks messages --agent/-a AGENT [--unread/-u] [--limit/-l 20]';

/** CLI-TK-06: newest first; listing does not mark anything read (the recipient does that with `swarm mail read`). */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f } = parseCommandArgs(argv, {
    agent: { type: 'string', short: 'a' },
    unread: { type: 'boolean', short: 'u' },
    limit: { type: 'string', short: 'l' },
  });
  const agent = namedAgent(ctx, '--agent', v.agent);
  // A mailbox is an agent's, or the people's (`human`): another name is a mistake, not an empty inbox.
  checkAgentFilter('--agent', agent, { human: true });
  const limit = v.limit === undefined ? 20 : integerInRange('--limit', v.limit, 1, 1000);
  const messages = await inbox(await ctx.runtime(), agent, { unreadOnly: !!f.unread, limit });
  ctx.out(JSON.stringify({ messages: messages.map(messageJson) }));
};
