import { runCli } from './run-cli.js';
import { swarmCommands } from './tables/swarm-table.js';

await runCli('swarm', swarmCommands, process.argv.slice(2));
