import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { humanMailbox } from '../../domain/mailbox/index.js';
import { inbox, markRead, sendMail } from '../../processes/commands/mail-commands.js';
import type { MessageView } from '../../projections/mail/mail-projection.js';
import { parseCommandArgs } from '../cli-args.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { integerInRange, jsonObject } from '../cli-values.js';
import { failOn } from '../domain-failure.js';
import { render, table } from '../output.js';

export const usage = 'swarm mail send --to B --type T [--payload JSON] | mail inbox [AGENT] [--unread] [--limit N] | mail read ID';

const ok = <A>(e: Either<DomainError, A>): A => (isLeft(e) ? failOn(e.left) : e.right);

/** A message as the CLIs print it (snake_case, as the original's JSON). */
export const messageJson = (m: MessageView) => ({
  id: m.messageId,
  from: m.from,
  to: m.to,
  type: m.type,
  // The original's column names (its `agent_mail` rows, CLI-TK-06), which its prompts and scripts read.
  from_agent: m.from,
  to_agent: m.to,
  message_type: m.type,
  payload: m.payload,
  read: m.read,
  created_at: m.sentAt,
  ...(m.readAt ? { read_at: m.readAt } : {}),
});

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'send': {
      const { values: v, flags: f, positionals } = parseCommandArgs(rest, {
        to: { type: 'string' },
        type: { type: 'string', short: 't' },
        payload: { type: 'string', short: 'p' },
      });
      if (positionals.length > 0) throw badInput(`swarm mail send takes flags only, got "${positionals[0]}"`);
      if (v.to === undefined) throw badInput('--to is required', { field: '--to' });
      if (v.type === undefined) throw badInput('--type is required', { field: '--type' });
      const payload = v.payload === undefined ? {} : jsonObject('--payload', v.payload);
      const sent = ok(await sendMail(await ctx.runtime(), cliCaller(ctx), { to: v.to, type: v.type, payload }));
      ctx.out(render({ status: 'sent', message_id: sent.messageId, to: v.to, type: v.type }, { json: !!f.json }));
      return;
    }
    case 'inbox': {
      const { values: v, flags: f, positionals } = parseCommandArgs(rest, { unread: { type: 'boolean', short: 'u' }, limit: { type: 'string', short: 'l' } }, [['AGENT', 'id']]);
      if (positionals.length > 1) throw badInput('AGENT: swarm mail inbox takes one mailbox name');
      const recipient = positionals[0] ?? ctx.agent ?? humanMailbox;
      const limit = v.limit === undefined ? 50 : integerInRange('--limit', v.limit, 1, 1000);
      const messages = await inbox(await ctx.runtime(), recipient, { unreadOnly: !!f.unread, limit });
      ctx.out(
        render({ messages: messages.map(messageJson) }, { json: !!f.json }, (x: { messages: ReturnType<typeof messageJson>[] }) =>
          table(x.messages.map((m) => ({ ...m, read: m.read ? 'yes' : '' })), ['id', 'created_at', 'from', 'type', 'read', 'payload'], 60),
        ),
      );
      return;
    }
    case 'read': {
      const { flags: f, positionals } = parseCommandArgs(rest, {}, [['ID', 'id']]);
      if (positionals.length !== 1) throw badInput('ID: swarm mail read takes one message id', { field: 'ID' });
      const message = ok(await markRead(await ctx.runtime(), cliCaller(ctx), { messageId: positionals[0] }));
      ctx.out(render(messageJson(message), { json: !!f.json }));
      return;
    }
    default:
      throw badInput(`swarm mail: expected send, inbox or read, got ${sub === undefined ? 'nothing' : `"${sub}"`}\nusage: ${usage}`);
  }
};
