import { createHash } from 'node:crypto';
import { v7 } from 'uuid';

/** A new time-ordered event id (UUIDv7): keeps the id index append-only, which makes batched appends much faster than random v4 ids. */
export const newEventId = (): string => v7();

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const format = (h: string): string => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;

/**
 * The id of a follow-up event, derived from the event that caused it and what the follow-up is for.
 * The same cause and purpose always give the same id, so a process manager that reacts twice to one event
 * appends nothing new the second time (the log is idempotent by event id). The id keeps the cause's 48-bit
 * timestamp prefix when the cause is a v7 id, so follow-ups stay time-ordered; the rest is a SHA-256 of
 * cause and purpose, marked as a version-8 (custom) UUID.
 */
export const followUpEventId = (causeId: string, purpose: string): string => {
  const digest = createHash('sha256').update(`${causeId}\u0000${purpose}`).digest();
  const bytes = new Uint8Array(digest.subarray(0, 16));
  const causeHex = causeId.replace(/-/g, '');
  if (/^[0-9a-f]{12}7/i.test(causeHex)) {
    for (let i = 0; i < 6; i++) bytes[i] = parseInt(causeHex.slice(i * 2, i * 2 + 2), 16);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  return format(hex(bytes));
};
