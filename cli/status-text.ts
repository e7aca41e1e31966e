import type { SwarmStatus } from '../processes/queries/swarm-status.js';
import { table } from './output.js';

/** The status for people, in the spirit of the original's `claude-swarm status`. */
export const statusText = (s: SwarmStatus): string =>
  [
    `🤖 Agents (${s.at.slice(0, 19).replace('T', ' ')} UTC)`,
    table(s.agents.map((a) => ({ agent: a.agent, status: a.status, task: a.currentTask, tokens_today: a.tokensToday }))),
    '',
    `📋 Queue: ${s.queue.total} tasks — ${Object.entries(s.queue.by_status).map(([k, n]) => `${k} ${n}`).join(', ') || 'empty'}`,
    ...Object.entries(s.queue.by_type).map(([type, n]) => `  pending ${type}: ${n}`),
    `🧑‍⚖️ Waiting for a human: ${s.pendingProjects} project(s), ${s.pendingApprovals} product approval(s)`,
    `🗳️ Open proposals: ${s.openProposals}`,
    ...s.topProposals.map((p) => `  [${p.id}] ${p.type}: ${p.title} (+${p.votesFor}/-${p.votesAgainst})`),
    `💬 Discussions (last 30 min): ${s.discussionsLast30Min}`,
  ].join('\n');
