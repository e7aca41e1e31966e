import { runCli, type CommandTable } from './run-cli.js';

/**
 * The seed's `claude-tasks` command forms (inventory §7.2), mapped onto swarmlog's commands. Output is always JSON,
 * in the original's shapes. One module per subcommand under `cli/compat/claude-tasks/`.
 */
const commands: CommandTable = {};

await runCli('claude-tasks', commands, process.argv.slice(2));
