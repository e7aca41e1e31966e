// The shared log conformance suite against the EventStoreDB adapter: on the gRPC emulator by default, on a real
// EventStoreDB / KurrentDB node when ESDB_URL is set (e.g. kurrentdb://localhost:2113?tls=false).
// The suite appends a ~1.1 MB payload: a real node before 25.1 needs MaxAppendSize above its 1 MiB default for that
// test (e.g. EVENTSTORE_MAX_APPEND_SIZE=4194304) and the adapter told so (`&maxAppendSize=4194304` in ESDB_URL);
// the emulator is started with the same setting.
import { createEsdbEventStore } from '../../infra/log/esdb/esdb-event-store.js';
import { runEventStoreConformance } from '../conformance/event-store.conformance.js';
import { startEsdbEmulator } from '../fakes/esdb-emulator/emulator-server.js';

const realServer = process.env.ESDB_URL;

runEventStoreConformance(realServer ? 'esdb (real server)' : 'esdb (emulator)', async () => {
  const emulator = realServer ? undefined : await startEsdbEmulator({ maxAppendSize: 4 * 1024 * 1024 });
  const connectionString = realServer ?? `${emulator!.connectionString}&maxAppendSize=${4 * 1024 * 1024}`;
  return {
    storeUrl: connectionString,
    open: async () => createEsdbEventStore(connectionString),
    dispose: async () => emulator?.stop(),
  };
});
