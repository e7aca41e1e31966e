import { runCli } from './run-cli.js';
import { claudeTasksCommands } from './tables/claude-tasks-table.js';

await runCli('claude-tasks', claudeTasksCommands, process.argv.slice(2));
