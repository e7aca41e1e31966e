// The port's global position is one number; EventStoreDB's is a pair of byte offsets in its transaction log,
// `{commit, prepare}`. Assumption (documented in the adapter): every event in this log was appended to one stream
// at a time through gRPC, never in a legacy explicit multi-request transaction, so each event's commit position
// equals its prepare position (its own record's offset) and is unique and increasing in `$all`. The number is the
// commit position, and a number maps back to `{commit: n, prepare: n}`.
import type { Position } from '@kurrent/kurrentdb-client';

/** What a stream read reports as the commit position when it does not know it (servers before 22.x). */
const UNKNOWN_COMMIT = 2n ** 63n;

export const toEsdbPosition = (position: number): Position => ({ commit: BigInt(position), prepare: BigInt(position) });

const toNumber = (value: bigint): number => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`log position ${value} is beyond what a JS number holds exactly`);
  return Number(value);
};

/** The position an append response reports, or `undefined` when it reports none (idempotent writes on older servers). */
export const reportedPosition = (position: Position | undefined): number | undefined =>
  position && position.commit < UNKNOWN_COMMIT ? toNumber(position.commit) : undefined;

/**
 * The port position of an event read back. `$all` reads carry the real commit position; stream reads on older
 * servers carry 2^64-1 there instead, but always the prepare position, which equals it under the assumption above.
 */
export const positionOf = (position: Position | undefined): number => {
  if (!position) throw new Error('the server sent an event without a log position');
  return toNumber(position.commit < UNKNOWN_COMMIT ? position.commit : position.prepare);
};
