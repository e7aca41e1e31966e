// What the port's `$all` views (reads, subscriptions, head) never show: the server's own system events, and the
// checkpoint streams this adapter keeps in the log. Checkpoints are bookkeeping, not domain history (the SQLite store
// keeps them outside the log); showing them would also make a subscriber that saves a checkpoint per event it sees
// feed on its own checkpoints forever.

/** The stream holding one subscriber's checkpoints (`checkpoint-<subscriber>`). */
export const checkpointStreamOf = (subscriber: string): string => `checkpoint-${subscriber}`;

const CHECKPOINT_STREAM_PREFIX = checkpointStreamOf('');

export const isHiddenFromAll = (event: { readonly stream: string; readonly type: string }): boolean =>
  event.stream.startsWith('$') || event.type.startsWith('$') || event.stream.startsWith(CHECKPOINT_STREAM_PREFIX);
