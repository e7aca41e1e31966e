import type { RefusalReason } from './events.js';

export type AgentCliProgram = 'swarm' | 'claude-tasks' | 'claude-swarm';

export type AgentCommandVerdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: RefusalReason; readonly message: string };

const allowed: AgentCommandVerdict = { allowed: true };
const refuse = (reason: RefusalReason, message: string): AgentCommandVerdict => ({ allowed: false, reason, message });

/** Decisions that belong to people (SPEC §3.6 gates, §3.7 budgets, §7.2 operators). */
const humanOnly: Readonly<Record<string, string>> = {
  approve: 'approving is for people (a human gate)',
  reject: 'rejecting is for people (a human gate)',
  defer: 'deferring a project is for people (a human gate)',
  operator: 'operators are managed by people at the swarm’s own terminal',
  tell: 'directives come from people (an agent writes mail)',
};

/** Commands an agent has no business sending: running or rebuilding the swarm, its config, recording sales. */
const notForAgents: Readonly<Record<string, string>> = {
  up: 'only a person starts the swarm',
  rebuild: 'only a person rebuilds the read models',
  config: 'the configuration is not shown to agents',
  income: 'sales come from their platforms or a person, never from an agent',
  whatif: 'what-if forks are started by people',
};

/** `swarm` commands an agent may send (anything else is refused: new commands are closed until listed here). */
const swarmForAgents = new Set([
  'status', 'agents', 'task', 'mail', 'discuss', 'propose', 'proposals', 'vote', 'lock', 'approvals', 'projects', 'project',
  'memory', 'replay', 'events', 'ledger', 'budget', 'publish', 'github',
]);

/**
 * Which commands a run's token may send (SPEC §6 "Containment"): the rule the agent endpoint applies before a command
 * runs, whatever the caller's environment says. The seed's `claude-tasks` and `claude-swarm` forms are all agent
 * work (their decisions are checked again by the deciders: a gate item is decided only by an actor of kind human).
 */
export const agentMayRun = (program: AgentCliProgram, argv: readonly string[]): AgentCommandVerdict => {
  const [command] = argv;
  const sub = argv.slice(1).find((a) => !a.startsWith('-'));
  // Any form that revives a known idea (`swarm task create`, `claude-tasks submit-project`): a person's call (issue L).
  if (argv.some((a) => a === '--revive' || a.startsWith('--revive=')))
    return refuse('human_only', `${program} ${command ?? ''} --revive: reviving an idea the swarm already has is for people`);
  if (program !== 'swarm' || command === undefined || command.startsWith('-')) return allowed;
  if (command === 'approvals' && argv.slice(1).includes('retry')) return refuse('human_only', 'swarm approvals retry: sending a failed publish out again is for people');
  if (Object.hasOwn(humanOnly, command)) return refuse('human_only', `swarm ${command}: ${humanOnly[command]}`);
  if (Object.hasOwn(notForAgents, command)) return refuse('not_for_agents', `swarm ${command}: ${notForAgents[command]}`);
  if (command === 'budget' && sub !== undefined && sub !== 'show')
    return refuse('human_only', `swarm budget ${sub}: budgets are set, raised and resumed by people`);
  if (command === 'events' && argv.includes('--follow')) return refuse('not_for_agents', 'swarm events --follow: a run reads the log, it does not follow it');
  if (!swarmForAgents.has(command)) return refuse('not_for_agents', `swarm ${command}: not a command for agents`);
  return allowed;
};
