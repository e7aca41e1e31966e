// The emulator in a process of its own that a test can take away and bring back, as a node restart or a leader
// election does: SIGUSR1 stops the node (what it committed is kept), SIGUSR2 starts it again on the same port with
// that log. Prints its connection string first, then `stopped` / `started` as each change has happened.
// (test/fakes/esdb-emulator/emulator-process.ts serves until it is killed, and its log goes with it.)
import { startEsdbEmulator, type EsdbEmulator } from '../fakes/esdb-emulator/emulator-server.js';

let node: EsdbEmulator | undefined = await startEsdbEmulator();
const { log, port } = node;
process.stdout.write(`${node.connectionString}\n`);
let changing = Promise.resolve();
const change = (work: () => Promise<void>) => (changing = changing.then(work, work));
process.on('SIGUSR1', () =>
  change(async () => {
    await node?.stop();
    node = undefined;
    process.stdout.write('stopped\n');
  }),
);
process.on('SIGUSR2', () =>
  change(async () => {
    node ??= await startEsdbEmulator({ log, port });
    process.stdout.write('started\n');
  }),
);
const end = () => void change(async () => void (await node?.stop())).then(() => process.exit(0));
process.once('SIGTERM', end);
process.once('SIGINT', end);
setInterval(() => undefined, 60_000);
