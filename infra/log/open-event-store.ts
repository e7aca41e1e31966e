import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { EventStore } from '../../domain/log/event-store.js';
import type { Synchronous } from './sqlite/sqlite-schema.js';

export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string; readonly synchronous: Synchronous }
  | { readonly kind: 'esdb'; readonly connectionString: string };

/**
 * Parses a `SWARM_STORE` value: `sqlite:<path>[?synchronous=full|normal]`, or an EventStoreDB / KurrentDB
 * connection string (`kurrentdb://…`, `esdb://…`, `kdb://…`, `kurrent://…`, each also `+discover`).
 */
export const parseStoreUrl = (url: string): Either<string, StoreLocation> => {
  if (url.startsWith('sqlite:')) {
    const [path, query = ''] = url.slice('sqlite:'.length).split('?', 2) as [string, string?];
    if (!path) return left('SWARM_STORE: sqlite: needs a file path, e.g. sqlite:./data/swarm.db');
    const sync = new URLSearchParams(query).get('synchronous')?.toUpperCase() ?? 'FULL';
    if (sync !== 'FULL' && sync !== 'NORMAL') return left(`SWARM_STORE: synchronous must be full or normal, got "${sync.toLowerCase()}"`);
    return right({ kind: 'sqlite', path, synchronous: sync });
  }
  if (/^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\//.test(url)) {
    // Every scheme @kurrent/kurrentdb-client understands (esdb:// is its old name), passed on as written.
    return right({ kind: 'esdb', connectionString: url });
  }
  return left(`SWARM_STORE: expected sqlite:<path> or kurrentdb://host:port (or esdb://), got "${url}"`);
};

/** Opens the configured log. The EventStoreDB client is loaded only when it is used (it is heavy to import). */
export const openEventStore = async (location: StoreLocation): Promise<EventStore> => {
  if (location.kind === 'sqlite') {
    const { createSqliteEventStore } = await import('./sqlite/sqlite-event-store.js');
    return createSqliteEventStore({ path: location.path, synchronous: location.synchronous });
  }
  const { createEsdbEventStore } = await import('./esdb/esdb-event-store.js');
  return createEsdbEventStore(location.connectionString);
};

/**
 * Whether the log is there already. An embedded log is there when its file exists; a remote log (EventStoreDB) is
 * assumed to be (its server answers for itself). Read commands check this so they never create an empty store.
 */
export const storeExists = (location: StoreLocation): boolean => location.kind !== 'sqlite' || existsSync(resolve(location.path));
