// The one KurrentDB client of a store. @kurrent/kurrentdb-client 1.x runs appends and subscriptions over grpc-js and
// reads over its native (Rust) bridge. The bridge recovers from a node that goes away after it first connected, but
// a bridge that never reached its node stays unreachable for good (seen with 1.3.1 / bridge 0.2.2 against a node
// started after the client): until a read has succeeded, an unreachable read replaces the client, and the next read
// uses the new one. Replaced clients are kept until the store closes: calls in flight on them finish there.
// A read that requires the leader and meets a follower is made again: the client has moved to the leader it named.
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { isNotLeader, isUnreachable } from './esdb-errors.js';

/** A read refused by a follower (NotLeader) is made again on the leader at most this often. */
const NOT_LEADER_RETRIES = 3;

/** What the adapter uses of the client, and the version of the node it talks to. */
export type EsdbClient = Pick<
  KurrentDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'subscribeToStream' | 'setStreamMetadata' | 'dispose'
> & {
  /** The node's version as it reports it (e.g. `24.10.0`), `undefined` while unknown. */
  serverVersion(): Promise<string | undefined>;
};

export interface EsdbSettings {
  /** The connection string for the client. */
  readonly connectionString: string;
  /**
   * The node's `MaxAppendSize` when it was raised above the default of servers up to 25.0 (1 MiB): the adapter's
   * own `maxAppendSize=<bytes>` connection string option, taken out before the client sees the string.
   */
  readonly maxAppendSize: number | undefined;
}

/**
 * The client's own scheme for a connection string: `esdb://` still works but makes the client print a deprecation
 * warning on stdout (where the CLI writes its JSON). Writes and read-after-write reads go to the leader: the node
 * preference is `leader` unless the string names another.
 */
export const esdbSettings = (connectionString: string): EsdbSettings => {
  const modern = connectionString.replace(/^esdb(\+discover)?:\/\//, 'kurrentdb$1://');
  const [base, query = ''] = modern.split('?', 2) as [string, string?];
  const params = query.split('&').filter((p) => p !== '');
  const own = params.find((p) => /^maxAppendSize=/i.test(p));
  const kept = params.filter((p) => p !== own);
  if (!kept.some((p) => /^nodePreference=/i.test(p))) kept.push('nodePreference=leader');
  const maxAppendSize = own ? Number(own.split('=')[1]) : undefined;
  if (maxAppendSize !== undefined && !(Number.isInteger(maxAppendSize) && maxAppendSize > 0)) {
    throw new Error(`the connection string's maxAppendSize must be a number of bytes, got "${own!.split('=')[1]}"`);
  }
  return { connectionString: `${base}?${kept.join('&')}`, maxAppendSize };
};

/** The client's cached ServerFeatures answer (protected in its typings; the append path fetches it anyway). */
interface WithCapabilities {
  readonly capabilities: Promise<{ readonly serverVersion: string }>;
}

export const openEsdbClient = (connectionString: string): EsdbClient => {
  const create = () => KurrentDBClient.connectionString(connectionString);
  let current = create();
  const clients = [current];
  let reached = false;

  async function* tracked<E>(open: (client: KurrentDBClient) => AsyncIterableIterator<E>): AsyncGenerator<E> {
    for (let attempt = 0; ; attempt++) {
      const used = current;
      let yielded = false;
      try {
        for await (const item of open(used)) {
          reached = true;
          yielded = true;
          yield item;
        }
        reached = true;
        return;
      } catch (error) {
        // A follower refused a read that requires the leader; the client has moved to the leader: read there.
        if (isNotLeader(error) && !yielded && attempt < NOT_LEADER_RETRIES) continue;
        if (!reached && isUnreachable(error) && used === current) {
          current = create();
          clients.push(current);
        }
        throw error;
      }
    }
  }

  return {
    appendToStream: (...args) => current.appendToStream(...args),
    setStreamMetadata: (...args) => current.setStreamMetadata(...args),
    subscribeToAll: (...args) => current.subscribeToAll(...args),
    subscribeToStream: (...args) => current.subscribeToStream(...args),
    readStream: (...args) => tracked((client) => client.readStream(...args)),
    readAll: (...args) => tracked((client) => client.readAll(...args)),
    serverVersion: async () => {
      try {
        const { serverVersion } = await (current as unknown as WithCapabilities).capabilities;
        return serverVersion === 'unknown' ? undefined : serverVersion;
      } catch {
        return undefined;
      }
    },
    dispose: async () => {
      await Promise.all(clients.map((client) => client.dispose()));
    },
  };
};
