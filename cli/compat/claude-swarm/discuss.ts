import { parseCommandArgs } from '../../cli-args.js';
import type { CliContext } from '../../cli-context.js';
import { discuss } from '../../commands/discuss.js';

export const usage = 'claude-swarm discuss AGENT "message" [--in-topic T] | discuss --recent [--topic T] | discuss --topic T';

/**
 * CLI-SW-01. `--recent` is the last 60 minutes; with `--topic` it shows that topic only (the original ignored the
 * topic, though Liaison's prompt relies on `discuss --recent --topic human_chat`). `--topic T` alone lists the topic's
 * newest 50; AGENT "message" posts to `general` or `--in-topic`.
 */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, {
    recent: { type: 'boolean' },
    topic: { type: 'string' },
    'in-topic': { type: 'string' },
    'reply-to': { type: 'string' },
  }, [
    ['AGENT', 'id'],
    ['message', 'text'],
  ]);
  await discuss(
    ctx,
    {
      recent: !!f.recent,
      minutes: 60,
      ...(v.topic !== undefined ? { readTopic: v.topic } : {}),
      ...(v['in-topic'] !== undefined ? { postTopic: v['in-topic'] } : {}),
      ...(v['reply-to'] !== undefined ? { replyTo: v['reply-to'] } : {}),
      // `--topic T` with AGENT "message" lists nothing: the original would list the topic; we post where asked instead.
      positionals,
      json: !!f.json,
    },
    'claude-swarm',
  );
};
