/**
 * The ids of one command's events, given when the same command may come again — a process manager's redelivered
 * cause, a person's command retried with its command id — so that its events, already in the stream, are found
 * instead of written twice.
 */
export interface EventIds {
  (index: number): string;
  /**
   * Where events with these ids can already be in the log: only after this position (a follow-up comes after its
   * cause), or nowhere (`'new'`: ids made for this very call). Unset: anywhere in the stream.
   */
  readonly after?: number | 'new';
}

/** `ids` with where events holding them can be (see `EventIds.after`). */
export const eventIdsAfter = (ids: (index: number) => string, after: number | 'new'): EventIds => Object.assign((i: number) => ids(i), { after });
