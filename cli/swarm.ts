import { runCli, type CommandTable } from './run-cli.js';

const commands: CommandTable = {
  up: () => import('./commands/up.js'),
  events: () => import('./commands/events.js'),
  task: () => import('./commands/task.js'),
};

await runCli('swarm', commands, process.argv.slice(2));
