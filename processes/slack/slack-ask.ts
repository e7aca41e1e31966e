import { agentNames } from '../../domain/agent/roles.js';
import { dayOf } from '../../domain/run/quantities.js';
import { agentsProjection } from '../../projections/agents/agents-projection.js';
import { agentTable } from '../../projections/agents/queries.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { listApprovals, listProjects } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { listTasks, queueStats } from '../../projections/tasks/queries.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import { usageOn } from '../../projections/tokens/queries.js';
import { tokensProjection } from '../../projections/tokens/tokens-projection.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import { shortId as short } from '../../domain/log/short-id.js';

const has = (q: string, words: readonly string[]) => words.some((w) => q.includes(w));

/**
 * `/swarm ask QUESTION` (SLACK-27): answered from the read models by keywords, in the original's order; no LLM is
 * called (a question for the swarm itself is a chat message to the Liaison: a DM or a mention).
 */
export const answerQuestion = async (runtime: SwarmRuntime, question: string): Promise<string> => {
  const q = question.toLowerCase();
  const read = <P extends Parameters<typeof freshReader>[2]>(p: P) => freshReader(runtime.log, runtime.projections, p);
  const board = await read(taskBoard);
  const stats = queueStats(board);
  const agents = agentTable(await read(agentsProjection), await read(tokensProjection), dayOf(runtime.now()));
  const working = agents.filter((a) => a.status === 'working' || a.currentTask);
  const count = (s: string) => stats.by_status[s] ?? 0;
  const claimed = listTasks(board, { status: 'claimed', limit: 5 });
  if (has(q, ['working on', 'doing now', 'current task', 'right now']))
    return claimed.length ? `Working on:\n${claimed.map((t) => `• ${t.claimedBy ?? '?'} → ${t.title ?? t.type} (\`${short(t.id)}\`)`).join('\n')}` : 'No agent is working on a task right now.';
  if (has(q, ['status', 'how is', "how's", 'doing', 'going']))
    return `${working.length} agent(s) working, ${agents.filter((a) => a.status !== 'offline').length} online, ${agents.filter((a) => a.status === 'offline').length} offline. Queue: ${count('pending')} pending, ${count('claimed')} in progress, ${count('completed')} completed, ${count('failed')} failed.`;
  if (has(q, ['completed', 'finished', 'done', 'built', 'created'])) {
    const done = listTasks(board, { status: 'completed', limit: 5 });
    return `${count('completed')} task(s) completed.${done.length ? `\nRecent:\n${done.map((t) => `• ${t.type}: ${t.title ?? short(t.id)}`).join('\n')}` : ''}`;
  }
  if (has(q, ['pending', 'queue', 'waiting', 'backlog'])) return `${count('pending')} task(s) pending${Object.keys(stats.by_type).length ? ` (${Object.entries(stats.by_type).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}.`;
  if (has(q, ['approval', 'approve', 'review', 'publish'])) {
    const docs = await read(approvalsProjection);
    const products = listApprovals(docs, { status: 'pending', limit: 50 });
    const projects = listProjects(docs, { status: 'pending', limit: 50 });
    return `${projects.length} project proposal(s) and ${products.length} product(s) wait for a person. /swarm approvals lists them.`;
  }
  if (has(q, ['token', 'cost', 'usage', 'spend'])) return `${usageOn(await read(tokensProjection), dayOf(runtime.now())).totalTokens.toLocaleString('en-US')} tokens used today. /swarm tokens has the week.`;
  if (has(q, ['rate limit', 'limited', 'paused', 'stopped'])) {
    const paused = agents.filter((a) => a.status === 'paused' || a.status === 'rate_limited');
    return paused.length ? `Paused: ${paused.map((a) => a.agent).join(', ')}.` : 'No agent is paused or rate limited.';
  }
  const named = agents.find((a) => q.includes(a.agent)) ?? (agentNames as readonly string[]).find((n) => q.includes(n));
  if (named) {
    const a = typeof named === 'string' ? agents.find((x) => x.agent === named)! : named;
    return `${a.agent}: ${a.status}${a.currentTask ? `, on task \`${short(a.currentTask)}\`` : ''}, ${a.tokensToday} tokens today.`;
  }
  if (has(q, ['how many', 'count', 'number of'])) return `${stats.total} task(s) in all: ${Object.entries(stats.by_status).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}.`;
  return `${count('pending')} pending, ${count('claimed')} in progress, ${count('completed')} completed. To tell the swarm something: /swarm tell MESSAGE, or write to me directly.`;
};
