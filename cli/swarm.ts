import { runCli, type CommandTable } from './run-cli.js';

const commands: CommandTable = {
  up: () => import('./commands/up.js'),
  events: () => import('./commands/events.js'),
  task: () => import('./commands/task.js'),
  rebuild: () => import('./commands/rebuild.js'),
  status: () => import('./commands/status.js'),
  budget: () => import('./commands/budget.js'),
  agents: () => import('./commands/agents.js'),
  income: () => import('./commands/income.js'),
  ledger: () => import('./commands/ledger.js'),
  memory: () => import('./commands/memory.js'),
  lock: () => import('./commands/lock.js'),
  mail: () => import('./commands/mail.js'),
  discuss: () => import('./commands/discuss.js'),
  propose: () => import('./commands/propose.js'),
  proposals: () => import('./commands/proposals.js'),
  vote: () => import('./commands/vote.js'),
  approvals: () => import('./commands/approvals.js'),
  approve: () => import('./commands/approve.js'),
  reject: () => import('./commands/reject.js'),
  defer: () => import('./commands/defer.js'),
  projects: () => import('./commands/projects.js'),
  project: () => import('./commands/project.js'),
  replay: () => import('./commands/replay.js'),
  operator: () => import('./commands/operator.js'),
};

await runCli('swarm', commands, process.argv.slice(2));
