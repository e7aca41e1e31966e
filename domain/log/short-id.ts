/**
 * An id as people copy it into a command (`swarm approve 01a245ef-57ff-70`): a prefix long enough to tell apart the
 * items made within the same minute. The ids are UUIDv7, whose first 12 hex digits are the time in milliseconds: 8
 * of them change only every 65 s, so two proposals submitted a minute apart shared their 8-character prefix and a
 * command with it matched both. 18 characters hold the whole millisecond and the first random digits; commands take
 * any unique prefix, and say which items match when one is not.
 */
export const shortId = (id: string): string => id.slice(0, 18);
