import { runCli, type CommandTable } from './run-cli.js';

const commands: CommandTable = {
  up: () => import('./commands/up.js'),
  events: () => import('./commands/events.js'),
  task: () => import('./commands/task.js'),
  agents: () => import('./commands/agents.js'),
  income: () => import('./commands/income.js'),
  ledger: () => import('./commands/ledger.js'),
  memory: () => import('./commands/memory.js'),
};

await runCli('swarm', commands, process.argv.slice(2));
