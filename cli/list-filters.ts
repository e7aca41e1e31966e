import { knownTaskTypes, roleOfAgent } from '../domain/task/task-rules.js';
import { boardStatuses } from '../projections/tasks/task-view.js';
import { badInput } from './cli-failure.js';

/** Statuses a task list may ask for: the board's, and the original's `in_progress` (which nothing ever set: none). */
const listableStatuses: readonly string[] = [...boardStatuses, 'in_progress'];

/**
 * A task list's filters, checked as any other input (SPEC §7.1): an unknown status, type or agent is a mistake to
 * name (exit 2 with what is accepted), not a question whose answer is "none".
 */
export const checkTaskFilter = (filter: { readonly status?: string; readonly type?: string; readonly agent?: string }, flags = { status: '--status', type: '--type', agent: '--agent' }): void => {
  if (filter.status !== undefined && !listableStatuses.includes(filter.status))
    throw badInput(`${flags.status}: expected ${listableStatuses.join(', ')}, got "${filter.status}"`, { field: flags.status });
  if (filter.type !== undefined && !knownTaskTypes.includes(filter.type))
    throw badInput(`${flags.type}: expected a task type: ${knownTaskTypes.join(', ')}; got "${filter.type}"`, { field: flags.type });
  if (filter.agent !== undefined) checkAgentFilter(flags.agent, filter.agent);
};

/** An agent named to filter by (or whose mailbox is read, where `human` is the people's): one the swarm has. */
export const checkAgentFilter = (flag: string, agent: string, options: { readonly human?: boolean } = {}): void => {
  if (options.human && agent === 'human') return;
  if (roleOfAgent(agent) === undefined)
    throw badInput(`${flag}: expected an agent (a role such as builder, or an instance such as builder-2)${options.human ? ' or human' : ''}, got "${agent}"`, { field: flag });
};
