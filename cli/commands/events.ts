import { parseArgs } from 'node:util';
import type { EventFilter } from '../../domain/log/event-store.js';
import { checkArgument } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { nonNegativeInteger } from '../cli-values.js';

export const usage = 'swarm events [--from POS] [--stream PREFIX] [--type T] [--follow]   (JSON lines, one event each)';

/** Prints the log as JSON lines; `--follow` keeps printing live events until interrupted. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      stream: { type: 'string' },
      type: { type: 'string', multiple: true },
      follow: { type: 'boolean', default: false },
      json: { type: 'boolean', default: true },
    },
    strict: true,
  });
  if (values.from !== undefined) checkArgument('--from', 'name', values.from);
  if (values.stream !== undefined) checkArgument('--stream', 'name', values.stream);
  for (const type of values.type ?? []) checkArgument('--type', 'name', type);
  const from = values.from === undefined ? 0 : nonNegativeInteger('--from', values.from);
  if (values.stream && values.type) throw badInput('--stream and --type cannot be combined (the log filters on one of them)');
  const filter: EventFilter | undefined = values.stream
    ? { streamPrefixes: [values.stream] }
    : values.type
      ? { eventTypes: values.type.flatMap((t) => t.split(',')) }
      : undefined;
  const store = await ctx.store();
  if (!values.follow) {
    for await (const event of store.readAll({ fromPosition: from, filter })) ctx.out(JSON.stringify(event));
    return;
  }
  const subscription = store.subscribeToAll({ fromPosition: from, filter });
  const stop = () => void subscription.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for await (const message of subscription) if (message.kind === 'event') ctx.out(JSON.stringify(message.event));
};
