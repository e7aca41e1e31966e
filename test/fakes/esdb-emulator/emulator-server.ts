// A test-only EventStoreDB / KurrentDB node: a gRPC server built on the client library's own generated service
// definitions, keeping its log in memory. It implements what @kurrent/kurrentdb-client 1.x calls for this project —
// ServerFeatures.GetSupportedMethods, Streams.Read and Streams.Append — and answers every other RPC UNIMPLEMENTED.
// A single-node `esdb://host:port?tls=false` connection string makes the client skip gossip discovery entirely.
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import serverFeaturesGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb.js';
import serverFeaturesPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb.js';
import streamsGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb.js';
import type { Empty } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js';
import type { SupportedMethods } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb.js';
import { appendHandler } from './append-handler.js';
import { EmulatorLog } from './emulator-log.js';
import { dropSubscriptions, readHandler, type LiveSubscriptions } from './read-handler.js';

export interface EsdbEmulatorOptions {
  /** The node's `MaxAppendSize` in bytes (a real node defaults to 1 MiB and allows up to 16 MiB). */
  readonly maxAppendSize?: number;
  /**
   * Behave like a node before 22.x: a recognised retry is answered without a position, and events read from a
   * stream carry no commit position (only the prepare position).
   */
  readonly olderServer?: boolean;
  /** Start on this log (a node restarted keeps what it had committed), on this port (clients reconnect to it). */
  readonly log?: EmulatorLog;
  readonly port?: number;
}

export interface EsdbEmulator {
  readonly connectionString: string;
  readonly port: number;
  /** What the node has committed: pass it (and the port) to `startEsdbEmulator` to start the node again after `stop`. */
  readonly log: EmulatorLog;
  /** Ends every open subscription with UNAVAILABLE, as a node does on shutdown or a leader change. */
  dropSubscriptions(): void;
  stop(): Promise<void>;
}

const SERVER_VERSION = '24.10.0-emulator';

/**
 * Advertising exactly the methods implemented steers the client: it appends with Streams.Append (BatchAppend is not
 * listed) and never probes persistent subscriptions or projections.
 */
const supportedMethods = (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>) => {
  const method = (service: string, name: string) =>
    new serverFeaturesPb.SupportedMethod().setServiceName(service).setMethodName(name).setFeaturesList([]);
  callback(
    null,
    new serverFeaturesPb.SupportedMethods()
      .setEventStoreServerVersion(SERVER_VERSION)
      .setMethodsList([
        method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
        method('event_store.client.streams.streams', 'read'),
        method('event_store.client.streams.streams', 'append'),
      ]),
  );
};

export const startEsdbEmulator = async (options: EsdbEmulatorOptions = {}): Promise<EsdbEmulator> => {
  const log = options.log ?? new EmulatorLog();
  const liveSubscriptions: LiveSubscriptions = new Map();
  // Events may be up to the append limit; the client itself accepts messages of up to 17 MB.
  const server = new Server({ 'grpc.max_receive_message_length': 32 * 1024 * 1024 });
  server.addService(serverFeaturesGrpc.ServerFeaturesService, { getSupportedMethods: supportedMethods });
  // Delete, Tombstone and BatchAppend are left out: grpc-js answers them UNIMPLEMENTED.
  server.addService(streamsGrpc.StreamsService, {
    read: readHandler(log, liveSubscriptions, options.olderServer ?? false),
    append: appendHandler(log, options.maxAppendSize ?? 1024 * 1024, options.olderServer ?? false),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    log,
    dropSubscriptions: () => dropSubscriptions(liveSubscriptions),
    // Open subscriptions never end by themselves: stop waits briefly for calls to finish, then cuts them.
    stop: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), 200);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
};
