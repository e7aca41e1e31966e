import { existsSync, readFileSync } from 'node:fs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { agentNames } from '../../domain/agent/roles.js';
import type { DomainError } from '../../domain/errors.js';
import { dayOf } from '../../domain/run/quantities.js';
import { agentsProjection } from '../../projections/agents/agents-projection.js';
import { agentTable, runsOfAgent } from '../../projections/agents/queries.js';
import { runsProjection } from '../../projections/agents/runs-projection.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { listApprovals, listProjects, matchProject, projectCounts, projectStatuses } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import type { Projection } from '../../projections/engine/projection.js';
import { listTasks, queueStats } from '../../projections/tasks/queries.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import { agentUsageOn, usageOn } from '../../projections/tokens/queries.js';
import { tokensProjection } from '../../projections/tokens/tokens-projection.js';
import { statusText } from '../../cli/status-text.js';
import { giveDirective } from '../commands/directive-commands.js';
import { decideGateItem } from '../commands/gate-decisions.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import { cancelTask, setTaskPriority } from '../commands/task-commands.js';
import { swarmStatus } from '../queries/swarm-status.js';
import { slackEscape } from './decision-messages.js';
import { answerQuestion } from './slack-ask.js';
import { notAllowed, operatorCaller, type SlackUser } from './slack-caller.js';
import { shortId as short } from '../../domain/log/short-id.js';

/** What `/swarm …` answers: the text, and whether the channel sees it (ephemeral unless `--public` was given). */
export interface SlashReply {
  readonly text: string;
  readonly public: boolean;
  /** False when the command was refused (bad input, not allowed): nothing was appended. */
  readonly ok: boolean;
}

export interface SlashContext {
  readonly runtime: SwarmRuntime;
  /** SWARM_HOME: the run logs (`runs/<id>/output.log`) for `/swarm logs`. */
  readonly home: string;
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const code = (lines: readonly string[]) => (lines.length ? `\`\`\`\n${lines.join('\n')}\n\`\`\`` : '_none_');

const aliases: Readonly<Record<string, string>> = {
  s: 'status', t: 'tasks', queue: 'tasks', a: 'agents', pending: 'approvals', 'approve-project': 'approve', 'reject-project': 'reject',
  'defer-project': 'defer', pri: 'priority', p: 'priority', log: 'logs', l: 'logs', token: 'tokens', usage: 'tokens', q: 'ask', '?': 'ask',
};

export const slashHelp = [
  '*/swarm* commands (replies only you see; add `--public` to show the channel):',
  '`status` · `tasks` · `agents` · `approvals` · `projects [pending|approved|rejected|deferred]` · `project ID`',
  '`approve ID [note]` · `reject ID REASON` · `defer ID [note]` (projects or products; `approve-project`, `reject-project`, `defer-project` too)',
  '`cancel TASK [reason]` · `priority TASK 1-10` · `tell MESSAGE` (a directive to the Liaison) · `logs AGENT` · `tokens` · `ask QUESTION` · `help`',
  'Ids: the full id or a unique prefix (the first 8 characters shown everywhere).',
].join('\n');

class SlashRefusal extends Error {}
const refuse = (message: string): never => {
  throw new SlashRefusal(message);
};
const failed = (e: DomainError): never => refuse(e.message);

const read = (runtime: SwarmRuntime, projection: Projection) => freshReader(runtime.log, runtime.projections, projection);

/**
 * `/swarm TEXT` from a Slack user (SPEC §7.4, inventory §6.1): the same command services and read models as the CLI,
 * ids by unique prefix. A refusal (bad input, unknown id, not allow-listed) is a short ephemeral error and appends
 * nothing: every check comes before the one command that writes.
 */
export const answerSlashCommand = async (ctx: SlashContext, user: SlackUser, text: string): Promise<SlashReply> => {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const isPublic = words.includes('--public');
  const [first, ...args] = words.filter((w) => w !== '--public');
  const command = first === undefined ? 'help' : (aliases[first.toLowerCase()] ?? first.toLowerCase());
  if (command === 'help') return { text: slashHelp, public: isPublic, ok: true };
  if (!user.operator) return { text: notAllowed(user.slackUserId), public: false, ok: false };
  // Titles, reasons and log lines come from agents and people: escaped, so `<!channel>` or a link is shown, not obeyed.
  try {
    return { text: slackEscape(await run(ctx, user.operator, command, args)), public: isPublic, ok: true };
  } catch (e) {
    if (e instanceof SlashRefusal) return { text: `❌ ${slackEscape(e.message)}`, public: false, ok: false };
    throw e;
  }
};

const needId = (args: readonly string[], what: string): string => args[0] ?? refuse(`${what}: the ID is required (a full id or a unique prefix)`);

const run = async (ctx: SlashContext, operator: string, command: string, args: readonly string[]): Promise<string> => {
  const { runtime } = ctx;
  const caller = operatorCaller(operator);
  switch (command) {
    case 'status': {
      if (args.length) refuse(`status: unexpected argument "${args[0]}"`);
      return code([statusText(await swarmStatus((p) => read(runtime, p), runtime.now()))]);
    }
    case 'tasks': {
      if (args.length) refuse(`tasks: unexpected argument "${args[0]}"`);
      const board = await read(runtime, taskBoard);
      const pending = listTasks(board, { status: 'pending', limit: 15 });
      const stats = queueStats(board);
      return [
        `📋 Pending tasks (${stats.by_status.pending ?? 0}):`,
        code(pending.map((t) => `${short(t.id)} | P${t.priority} | ${t.type} | ${t.assignedTo ?? 'any'} | ${cut(t.title ?? '', 35)}`)),
      ].join('\n');
    }
    case 'agents': {
      if (args.length) refuse(`agents: unexpected argument "${args[0]}"`);
      const rows = agentTable(await read(runtime, agentsProjection), await read(runtime, tokensProjection), dayOf(runtime.now()));
      return code(rows.map((r) => `${r.agent.padEnd(12)} ${r.status.padEnd(8)} ${r.currentTask ? short(r.currentTask) : '—'}  ${r.tokensToday} tokens today`));
    }
    case 'approvals': {
      if (args.length) refuse(`approvals: unexpected argument "${args[0]}"`);
      const docs = await read(runtime, approvalsProjection);
      const products = listApprovals(docs, { status: 'pending', limit: 20 });
      const projects = listProjects(docs, { status: 'pending', limit: 20 });
      return [
        `🧑‍⚖️ Waiting for a person: ${projects.length} project(s), ${products.length} product(s)`,
        code([...projects.map((p) => `${short(p.id)} | project | ${p.title}`), ...products.map((a) => `${short(a.id)} | ${a.platform} | ${a.productName}`)]),
      ].join('\n');
    }
    case 'projects': {
      if (args.length > 1) refuse(`projects: unexpected argument "${args[1]}"`);
      const status = (args[0] ?? 'pending').toLowerCase();
      if (!(projectStatuses as readonly string[]).includes(status)) refuse(`projects: expected one of ${projectStatuses.join(', ')}, got "${args[0]}"`);
      const docs = await read(runtime, approvalsProjection);
      const projects = listProjects(docs, { status: status as (typeof projectStatuses)[number], limit: 10 });
      const mark = (r: number) => (r >= 7 ? '🟢' : r >= 5 ? '🟡' : '🔴');
      return [
        `Projects (${status}):`,
        ...projects.map((p) => `${mark(p.combinedRating)} *${p.title}* ${p.combinedRating}/10 · revenue ${p.maxRevenueEstimate} · effort ${p.effortEstimate} · market ${p.marketSize} · \`${short(p.id)}\``),
        ...(projects.length ? [] : ['_none_']),
        Object.entries(projectCounts(docs)).map(([k, n]) => `${k} ${n}`).join(' · '),
      ].join('\n');
    }
    case 'project': {
      const id = needId(args, 'project');
      if (args.length > 1) refuse(`project: unexpected argument "${args[1]}"`);
      const match = matchProject(await read(runtime, approvalsProjection), id);
      if (match.kind === 'ambiguous') refuse(`project: "${id}" matches several projects (${match.ids.map(short).join(', ')}); give more of the id`);
      if (match.kind === 'none') refuse(`project: no project ${id}`);
      const p = (match as Extract<typeof match, { kind: 'found' }>).doc;
      return [
        `*${p.title}* (\`${p.id}\`) — ${p.status}${p.decidedBy ? ` by ${p.decidedBy}` : ''}`,
        `Rating ${p.combinedRating}/10 (hunter ${p.hunterRating}, critic ${p.criticRating}) · by ${p.submittedBy}`,
        `*Pitch:* ${p.hunterPitch}`,
        `*Critic:* ${p.criticEvaluation}`,
        `*Cons:*\n${p.cons.split(/\n|;\s*/).filter(Boolean).map((c) => `• ${c}`).join('\n')}`,
        `*Differentiation:* ${p.differentiation}`,
        `Revenue ${p.maxRevenueEstimate} · effort ${p.effortEstimate} · market ${p.marketSize}`,
        ...(p.status === 'pending' ? [`\`/swarm approve ${short(p.id)}\` · \`/swarm reject ${short(p.id)} REASON\` · \`/swarm defer ${short(p.id)}\``] : []),
      ].join('\n');
    }
    case 'approve':
    case 'reject':
    case 'defer': {
      const id = needId(args, command);
      const words = args.slice(1).join(' ').trim();
      if (command === 'reject' && !words) refuse('reject: give the reason after the id (/swarm reject ID REASON)');
      const decided = await decideGateItem(runtime, caller, { id, decision: command, ...(command === 'reject' ? { reason: words } : words ? { note: words } : {}) });
      if (isLeft(decided)) failed(decided.left);
      const d = (decided as Extract<typeof decided, { _tag: 'Right' }>).right;
      const name = d.kind === 'project' ? `project "${d.title}"` : `product "${d.productName}"`;
      const started = d.kind === 'project' ? d.buildTaskId && `build_product task ${short(d.buildTaskId)}` : d.publishTaskId ? `publish task ${short(d.publishTaskId)}` : d.fixTaskId && `fix_product task ${short(d.fixTaskId)}`;
      return `${name} is ${d.status} (by ${operator})${started ? `; started ${started}` : ''}`;
    }
    case 'cancel': {
      const id = needId(args, 'cancel');
      const reason = args.slice(1).join(' ').trim() || `Cancelled via Slack by ${operator}`;
      const done = await cancelTask(runtime, caller, { taskId: id, reason });
      if (isLeft(done)) failed(done.left);
      return `task ${short((done as Extract<typeof done, { _tag: 'Right' }>).right.taskId)} cancelled`;
    }
    case 'priority': {
      const id = needId(args, 'priority');
      if (args.length !== 2) refuse('priority: give the task id and a priority from 1 to 10 (/swarm priority ID N)');
      const n = Number(args[1]);
      if (!/^\d+$/.test(args[1]!) || n < 1 || n > 10) refuse(`priority: expected a whole number from 1 to 10, got "${args[1]}"`);
      const done = await setTaskPriority(runtime, caller, { taskId: id, priority: n });
      if (isLeft(done)) failed(done.left);
      return `task ${short((done as Extract<typeof done, { _tag: 'Right' }>).right.taskId)}: priority ${n}`;
    }
    case 'tell': {
      const message = args.join(' ').trim();
      if (!message) refuse('tell: give the message (/swarm tell MESSAGE)');
      // As the dashboard's directive: a task addressed to the Liaison (which does claim it), and a post in `directive`.
      const given = await giveDirective(runtime, { ...caller, correlationId: runtime.newId() }, { message, from: operator, source: 'slack' });
      if (isLeft(given)) failed(given.left);
      return `directive sent to the Liaison (task ${short((given as Extract<typeof given, { _tag: 'Right' }>).right.taskId)})`;
    }
    case 'logs': {
      const agent = args[0] ?? refuse('logs: name the agent (/swarm logs AGENT)');
      if (args.length > 1) refuse(`logs: unexpected argument "${args[1]}"`);
      if (!(agentNames as readonly string[]).includes(agent.replace(/-\d+$/, ''))) refuse(`logs: unknown agent "${agent}"; one of ${agentNames.join(', ')}`);
      const [latest] = runsOfAgent(await read(runtime, runsProjection), agent, 1);
      if (!latest) return `${agent} has no runs yet`;
      const lines = existsSync(latest.logPath) ? readFileSync(latest.logPath, 'utf8').split('\n').filter((l) => l.trim() && !l.includes('DeprecationWarning')) : [];
      return [`${agent}, run ${short(latest.runId)} (${latest.status}, started ${latest.startedAt}):`, code(lines.slice(-20).map((l) => cut(l, 100)))].join('\n');
    }
    case 'tokens': {
      if (args.length) refuse(`tokens: unexpected argument "${args[0]}"`);
      const tokens = await read(runtime, tokensProjection);
      const today = dayOf(runtime.now());
      const days = Array.from({ length: 7 }, (_, i) => dayOf(new Date(Date.parse(runtime.now()) - i * 86_400_000).toISOString()));
      const perAgent = new Map<string, number>();
      for (const day of days) for (const u of agentUsageOn(tokens, day)) if (u.agent) perAgent.set(u.agent, (perAgent.get(u.agent) ?? 0) + u.totalTokens);
      const week = [...perAgent.values()].reduce((a, b) => a + b, 0);
      return [
        `Today (${today}): ${usageOn(tokens, today).totalTokens.toLocaleString('en-US')} tokens`,
        'Last 7 days by agent:',
        code([...perAgent.entries()].sort((a, b) => b[1] - a[1]).map(([a, n]) => `${a.padEnd(12)} ${n.toLocaleString('en-US')}`)),
        `7-day total: ${week.toLocaleString('en-US')} tokens`,
      ].join('\n');
    }
    case 'ask': {
      const question = args.join(' ').trim();
      if (!question) refuse('ask: give a question (/swarm ask how is it going?)');
      return answerQuestion(runtime, question);
    }
    default:
      return refuse(`unknown command "${command}"; /swarm help lists them`);
  }
};
