// The one KurrentDB client of a store. @kurrent/kurrentdb-client 1.x runs appends and subscriptions over grpc-js and
// reads over its native (Rust) bridge. The bridge recovers from a node that goes away after it first connected, but
// a bridge that never reached its node stays unreachable for good (seen with 1.3.1 / bridge 0.2.2 against a node
// started after the client): until a read has succeeded, an unreachable read replaces the client, and the next read
// uses the new one. Replaced clients are kept until the store closes: calls in flight on them finish there.
import { ErrorType, isCommandError, KurrentDBClient } from '@kurrent/kurrentdb-client';

/** What the adapter uses of the client. */
export type EsdbClient = Pick<
  KurrentDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'subscribeToStream' | 'setStreamMetadata' | 'dispose'
>;

/**
 * The client's own scheme for a connection string: `esdb://` still works but makes the client print a deprecation
 * warning on stdout (where the CLI writes its JSON). Writes and read-after-write reads go to the leader: the node
 * preference is `leader` unless the string names another.
 */
export const clientConnectionString = (connectionString: string): string => {
  const modern = connectionString.replace(/^esdb(\+discover)?:\/\//, 'kurrentdb$1://');
  if (/[?&]nodePreference=/i.test(modern)) return modern;
  return `${modern}${modern.includes('?') ? '&' : '?'}nodePreference=leader`;
};

const isUnreachable = (error: unknown): boolean =>
  error instanceof Error && isCommandError(error) && (error.type === ErrorType.UNAVAILABLE || error.type === ErrorType.DEADLINE_EXCEEDED);

export const openEsdbClient = (connectionString: string): EsdbClient => {
  const create = () => KurrentDBClient.connectionString(clientConnectionString(connectionString));
  let current = create();
  const clients = [current];
  let reached = false;

  async function* tracked<E>(open: (client: KurrentDBClient) => AsyncIterableIterator<E>): AsyncGenerator<E> {
    const used = current;
    try {
      for await (const item of open(used)) {
        reached = true;
        yield item;
      }
      reached = true;
    } catch (error) {
      if (!reached && isUnreachable(error) && used === current) {
        current = create();
        clients.push(current);
      }
      throw error;
    }
  }

  return {
    appendToStream: (...args) => current.appendToStream(...args),
    setStreamMetadata: (...args) => current.setStreamMetadata(...args),
    subscribeToAll: (...args) => current.subscribeToAll(...args),
    subscribeToStream: (...args) => current.subscribeToStream(...args),
    readStream: (...args) => tracked((client) => client.readStream(...args)),
    readAll: (...args) => tracked((client) => client.readAll(...args)),
    dispose: async () => {
      await Promise.all(clients.map((client) => client.dispose()));
    },
  };
};
