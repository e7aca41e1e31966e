import { runCli } from './run-cli.js';
import { claudeSwarmCommands } from './tables/claude-swarm-table.js';

await runCli('claude-swarm', claudeSwarmCommands, process.argv.slice(2));
