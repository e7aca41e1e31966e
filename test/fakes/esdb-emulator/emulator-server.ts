// A test-only EventStoreDB / KurrentDB node: a gRPC server built on the client library's own generated service
// definitions, keeping its log in memory. It implements what @kurrent/kurrentdb-client 1.x calls for this project —
// ServerFeatures.GetSupportedMethods, Streams.Read, Streams.BatchAppend (the client's production append path),
// Streams.Append and Streams.Tombstone — and answers every other RPC UNIMPLEMENTED. Tests can make it a follower
// (NotLeader to calls that require the leader), inject append faults (timeouts, dropped calls after or before the
// commit), stop it and start it again on the same log and port.
// A single-node `kurrentdb://host:port?tls=false` connection string makes the client skip gossip discovery entirely.
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import serverFeaturesGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb.js';
import serverFeaturesPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb.js';
import streamsGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb.js';
import streamsPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import type { TombstoneReq, TombstoneResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import { AppendFaults, type AppendFault } from './append-faults.js';
import { batchAppendHandler } from './batch-append-handler.js';
import type { NodeState, NodeStats } from './node-state.js';
import type { LeaderEndpoint } from './node-role.js';
import type { NodeUser } from './node-security.js';
import { callRefusal } from './node-role.js';
import { streamNameOf } from './protocol.js';
import sharedPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js';
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
  /** The version the node reports (ServerFeatures); the client and the adapter choose by it. */
  readonly serverVersion?: string;
  /** Offer BatchAppend, as every server since 21.10 does (default true); false leaves the client on Append. */
  readonly batchAppend?: boolean;
  /** Act as a follower of this leader: calls with `requires-leader` are refused with NotLeader naming it. */
  readonly followerOf?: LeaderEndpoint;
  /**
   * Serve TLS with this certificate and key (clients then need `tls=true` and the CA, `tlsCAFile`); with `clientCa`,
   * only clients presenting a certificate signed by it are let in (`userCertFile` / `userKeyFile`).
   */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer; readonly clientCa?: Buffer };
  /** Require this user's credentials on every call but GetSupportedMethods (AccessDenied otherwise). */
  readonly user?: NodeUser;
}

export interface EsdbEmulator {
  readonly connectionString: string;
  readonly port: number;
  /** What the node has committed: pass it (and the port) to `startEsdbEmulator` to start the node again after `stop`. */
  readonly log: EmulatorLog;
  /** Ends every open subscription with UNAVAILABLE, as a node does on shutdown or a leader change. */
  dropSubscriptions(): void;
  /** The next `times` appends (BatchAppend or Append) suffer `fault`. */
  injectAppendFault(fault: AppendFault, times?: number): void;
  /** Which append calls the node has served. */
  readonly stats: NodeStats;
  stop(): Promise<void>;
}

const SERVER_VERSION = '24.10.0';

/**
 * Advertising exactly the methods implemented steers the client: it appends with BatchAppend when it is listed (and
 * with Append otherwise) and never probes persistent subscriptions or projections.
 */
const supportedMethods =
  (version: string, batchAppend: boolean) => (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>) => {
    const method = (service: string, name: string) =>
      new serverFeaturesPb.SupportedMethod().setServiceName(service).setMethodName(name).setFeaturesList([]);
    const streams = ['read', 'append', 'tombstone', ...(batchAppend ? ['batchappend'] : [])];
    callback(
      null,
      new serverFeaturesPb.SupportedMethods()
        .setEventStoreServerVersion(version)
        .setMethodsList([
          method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
          ...streams.map((name) => method('event_store.client.streams.streams', name)),
        ]),
    );
  };

/** Streams.Tombstone: the stream is deleted for good. */
const tombstoneHandler = (node: NodeState) => (call: ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: sendUnaryData<TombstoneResp>) => {
  const refusal = callRefusal(node, call.metadata);
  if (refusal) return callback(refusal);
  node.log.tombstone(streamNameOf(call.request.getOptions()?.getStreamIdentifier()));
  callback(null, new streamsPb.TombstoneResp().setNoPosition(new sharedPb.Empty()));
};

export const startEsdbEmulator = async (options: EsdbEmulatorOptions = {}): Promise<EsdbEmulator> => {
  const log = options.log ?? new EmulatorLog();
  const liveSubscriptions: LiveSubscriptions = new Map();
  const node: NodeState = {
    log,
    // Events may be up to the append limit; the client itself accepts messages of up to 17 MB.
    maxAppendSize: options.maxAppendSize ?? 1024 * 1024,
    olderServer: options.olderServer ?? false,
    leader: options.followerOf,
    user: options.user,
    faults: new AppendFaults(),
    stats: { appends: 0, batchAppends: 0 },
  };
  const server = new Server({ 'grpc.max_receive_message_length': 32 * 1024 * 1024 });
  server.addService(serverFeaturesGrpc.ServerFeaturesService, {
    getSupportedMethods: supportedMethods(options.serverVersion ?? SERVER_VERSION, options.batchAppend ?? true),
  });
  // Delete (a soft delete) is left out: grpc-js answers it UNIMPLEMENTED.
  server.addService(streamsGrpc.StreamsService, {
    read: readHandler(node, liveSubscriptions),
    append: appendHandler(node),
    batchAppend: batchAppendHandler(node),
    tombstone: tombstoneHandler(node),
  });
  const serverCredentials = options.tls
    ? ServerCredentials.createSsl(options.tls.clientCa ?? null, [{ cert_chain: options.tls.cert, private_key: options.tls.key }], options.tls.clientCa !== undefined)
    : ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, serverCredentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    connectionString: `kurrentdb://127.0.0.1:${port}?tls=${options.tls ? 'true' : 'false'}`,
    port,
    log,
    dropSubscriptions: () => dropSubscriptions(liveSubscriptions),
    injectAppendFault: (fault, times) => node.faults.inject(fault, times),
    stats: node.stats,
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
