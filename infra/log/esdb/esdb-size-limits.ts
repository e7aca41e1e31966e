// The server's limits on what one append may carry, by version: up to 25.0 one append may be at most MaxAppendSize
// (1 MiB unless the node raised it, at most 16 MiB); from 25.1 one append may be up to 256 MiB and one event up to
// 16 MiB. Checked before sending when the node's version is known, so the error names the limit and the size and
// nothing large crosses the network to be refused; the server's own refusal is reported the same way.
import type { EventData } from '../../../domain/log/envelope.js';
import { appendTooLarge } from '../store-failures.js';

const MiB = 1024 * 1024;

/** An event's size as the server counts it, near enough: its data, its metadata, its type and its id. */
export const eventSize = (event: EventData): number =>
  Buffer.byteLength(JSON.stringify(event.data ?? null), 'utf8') + Buffer.byteLength(JSON.stringify(event.metadata), 'utf8') + Buffer.byteLength(event.type, 'utf8') + 16;

export const appendSize = (events: readonly EventData[]): number => events.reduce((sum, e) => sum + eventSize(e), 0);

export interface SizeLimits {
  readonly perAppend: number;
  readonly perEvent: number | undefined;
  /** Where the limits come from, for the error. */
  readonly source: string;
}

/** `[major, minor]` of a version such as `24.10.0` or `25.1.0-rc.1`; `undefined` when it is not one. */
const majorMinor = (version: string): [number, number] | undefined => {
  const match = /^(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
};

export const sizeLimits = (serverVersion: string | undefined, maxAppendSize: number | undefined): SizeLimits | undefined => {
  const version = serverVersion === undefined ? undefined : majorMinor(serverVersion);
  if (!version) return undefined;
  const [major, minor] = version;
  if (major > 25 || (major === 25 && minor >= 1)) {
    return { perAppend: maxAppendSize ?? 256 * MiB, perEvent: 16 * MiB, source: `on server ${serverVersion} (25.1 and later: 256 MiB per append, 16 MiB per event)` };
  }
  return {
    perAppend: maxAppendSize ?? MiB,
    perEvent: undefined,
    source: `on server ${serverVersion} (${maxAppendSize === undefined ? 'up to 25.0: MaxAppendSize, 1 MiB by default' : "the connection string's maxAppendSize"})`,
  };
};

/** Throws the named failure when the append is over its server's limits (nothing is checked while the version is unknown). */
export const checkAppendSize = (stream: string, events: readonly EventData[], serverVersion: string | undefined, maxAppendSize: number | undefined): void => {
  const limits = sizeLimits(serverVersion, maxAppendSize);
  if (!limits) return;
  if (limits.perEvent !== undefined) {
    for (const event of events) {
      const size = eventSize(event);
      if (size > limits.perEvent) throw appendTooLarge(stream, 'event', size, limits.perEvent, limits.source);
    }
  }
  const size = appendSize(events);
  if (size > limits.perAppend) throw appendTooLarge(stream, 'append', size, limits.perAppend, limits.source);
};
