import { isLeft } from 'fp-ts/lib/Either.js';
import { sendMail } from '../../../processes/commands/mail-commands.js';
import { parseCommandArgs } from '../../cli-args.js';
import { cliCaller, namedAgent, type CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { jsonObject } from '../../cli-values.js';
import { failOn } from '../../domain-failure.js';

export const usage = 'claude-tasks message --to AGENT [--from A] [--type/-t notify] [--payload/-p JSON]';

/**
 * CLI-TK-02. The sender is the caller: `--from` must agree with SWARM_AGENT when that is set; outside an agent run
 * the message is the human's. `--to` must be one of the ten agents or `human`.
 */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, {
    to: { type: 'string' },
    from: { type: 'string' },
    type: { type: 'string', short: 't' },
    payload: { type: 'string', short: 'p' },
  });
  if (v.to === undefined) throw badInput('--to is required', { field: '--to' });
  if (ctx.agent) namedAgent(ctx, '--from', v.from);
  const type = v.type ?? 'notify';
  const payload = v.payload === undefined ? {} : jsonObject('--payload', v.payload);
  const sent = await sendMail(await ctx.runtime(), cliCaller(ctx), { to: v.to, type, payload });
  if (isLeft(sent)) return failOn(sent.left.field === 'to' ? { ...sent.left, field: '--to' } : sent.left);
  ctx.out(JSON.stringify({ status: 'sent', message_id: sent.right.messageId, to: v.to, type }));
};
