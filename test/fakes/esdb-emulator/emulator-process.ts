// The emulator as a process of its own, for tests whose CLI calls block their own event loop (spawnSync): prints
// its connection string as the first line of stdout and serves until it is killed.
import { startEsdbEmulator } from './emulator-server.js';

const emulator = await startEsdbEmulator();
process.stdout.write(`${emulator.connectionString}\n`);
const stop = () => void emulator.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
setInterval(() => undefined, 60_000);
