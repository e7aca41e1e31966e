import type { SwarmStatus } from '../processes/queries/swarm-status.js';
import { table } from './output.js';

/**
 * Text an agent wrote (a refused command line) as one line a terminal only prints: control characters (escape
 * sequences among them) and bidirectional overrides become visible `\u…` escapes.
 */
const printable = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const time = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/** Which runs had no sandbox (issue 13 point 2): said whenever an agent's latest run ran unsandboxed. */
const sandboxLines = (s: SwarmStatus['sandbox']): string[] => [
  ...(s.unsandboxedSwarmUps?.length
    ? [`⚠️ sandbox: NONE — swarm up (pid ${s.unsandboxedSwarmUps.join(', ')}) runs its agents UNSANDBOXED (--unsafe-no-sandbox); they can reach the store, the tokens and your files`]
    : []),
  ...(s.unsandboxedAgents.length > 0
    ? [`⚠️ sandbox: NONE — agents ran unsandboxed (latest run of ${s.unsandboxedAgents.join(', ')}); they could reach the store, the tokens and your files`]
    : s.latest === 'bubblewrap'
      ? ['🔒 sandbox: bubblewrap (latest runs)']
      : []),
];

/** Commands agent runs sent without the authority for them (issue 13 point 5): the recent ones, newest first. */
const refusalLines = (r: SwarmStatus['refusals']): string[] =>
  r.total === 0
    ? []
    : [
        `🚫 Refused agent commands: ${r.total} (${r.byAgent.map((a) => `${printable(a.agent)} ${a.count}`).join(', ')})`,
        table(
          r.recent.map((x) => ({ time: time(x.at), agent: printable(x.agent), run: x.runId ? x.runId.slice(0, 8) : '—', command: printable(x.command), reason: x.reason })),
          ['time', 'agent', 'run', 'command', 'reason'],
          60,
        )
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n'),
      ];

/** The log is away (issue M point 5): said first, since every figure below stopped at that moment. */
const logLines = (log: SwarmStatus['log']): string[] =>
  log.reachable
    ? []
    : [
        `⚠️ log unreachable since ${log.unreachableSince ? `${time(log.unreachableSince)} UTC` : 'now'}${log.error ? ` (${printable(log.error)})` : ''}`,
        '  the figures below are the read models as this host last caught them up; they move again when the log is back',
        '',
      ];

/** The status for people, in the spirit of the original's `claude-swarm status`. */
export const statusText = (s: SwarmStatus): string =>
  [
    ...logLines(s.log),
    `🤖 Agents (${time(s.at)} UTC)`,
    table(s.agents.map((a) => ({ agent: a.agent, status: a.status, task: a.currentTask, tokens_today: a.tokensToday }))),
    '',
    `📋 Queue: ${s.queue.total} tasks — ${Object.entries(s.queue.by_status).map(([k, n]) => `${k} ${n}`).join(', ') || 'empty'}`,
    ...Object.entries(s.queue.by_type).map(([type, n]) => `  pending ${type}: ${n}`),
    `🧑‍⚖️ Waiting for a human: ${s.pendingProjects} project(s), ${s.pendingApprovals} product approval(s)`,
    `🗳️ Open proposals: ${s.openProposals}`,
    ...s.topProposals.map((p) => `  [${p.id}] ${p.type}: ${p.title} (+${p.votesFor}/-${p.votesAgainst})`),
    `💬 Discussions (last 30 min): ${s.discussionsLast30Min}`,
    ...sandboxLines(s.sandbox),
    ...refusalLines(s.refusals),
  ].join('\n');
