import { taskDaysProjection } from '../../projections/activity/task-days-projection.js';
import { tasksOn, topAgentsOn, topTypesOn } from '../../projections/activity/queries.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { approvalCounts, projectCounts } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import type { MoneyTotals } from '../../projections/ledger/ledger-figures.js';
import { ledgerProjection } from '../../projections/ledger/ledger-projection.js';
import { queueStats } from '../../projections/tasks/queries.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import { usageOn } from '../../projections/tokens/queries.js';
import { tokensProjection } from '../../projections/tokens/tokens-projection.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import type { Notification } from './notifier.js';

/** The swarm's figures for one UTC day, and the queues as they stand when the summary is made. */
export interface DailySummary {
  readonly day: string;
  readonly tasks: { readonly created: number; readonly completed: number; readonly failed: number; readonly cancelled: number };
  readonly topAgents: readonly { readonly agent: string; readonly completed: number }[];
  readonly topTypes: readonly { readonly type: string; readonly created: number }[];
  /** Net income of the day per currency, in minor units (refunds recorded that day subtracted). */
  readonly income: readonly { readonly currency: string; readonly netMinor: number; readonly sales: number; readonly refunds: number }[];
  readonly tokens: { readonly input: number; readonly output: number; readonly total: number; readonly costUsd: number };
  readonly pendingTasks: number;
  readonly pendingApprovals: number;
  readonly pendingProjects: number;
}

/** The UTC day before the one `at` falls on: a 09:00 summary reports on yesterday. */
export const dayBefore = (at: string): string => new Date(Date.parse(`${at.slice(0, 10)}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);

/** Gathers a day's figures from the read models (each caught up first). */
export const dailySummary = async (runtime: SwarmRuntime, day: string): Promise<DailySummary> => {
  const read = (p: Parameters<typeof freshReader>[2]) => freshReader(runtime.log, runtime.projections, p);
  const [days, tokens, ledger, board, approvals] = await Promise.all([
    read(taskDaysProjection),
    read(tokensProjection),
    read(ledgerProjection),
    read(taskBoard),
    read(approvalsProjection),
  ]);
  const tasks = tasksOn(days, day);
  const usage = usageOn(tokens, day);
  return {
    day,
    tasks: { created: tasks.created, completed: tasks.completed, failed: tasks.failed, cancelled: tasks.cancelled },
    topAgents: topAgentsOn(days, day).map((a) => ({ agent: a.agent, completed: a.completed })),
    topTypes: topTypesOn(days, day).map((t) => ({ type: t.type, created: t.created })),
    income: ledger
      .page<MoneyTotals & { day: string }>('by-day', { prefix: `${day}|` })
      .map((m) => ({ currency: m.currency, netMinor: m.netMinor, sales: m.sales, refunds: m.refunds })),
    tokens: { input: usage.inputTokens, output: usage.outputTokens, total: usage.totalTokens, costUsd: usage.costMicroUsd / 1_000_000 },
    pendingTasks: queueStats(board).by_status['pending'] ?? 0,
    pendingApprovals: approvalCounts(approvals).pending,
    pendingProjects: projectCounts(approvals).pending,
  };
};

/** Minor units as a decimal amount; every currency the swarm sells in has two decimals (USD, EUR, GBP …). */
const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;
const count = (n: number) => n.toLocaleString('en-US');

/** The summary in words (NOTIF-07, with income, tokens and cost added). */
export const dailySummaryText = (s: DailySummary): Notification => {
  const lines = [
    `Tasks: ${count(s.tasks.completed)} completed, ${count(s.tasks.failed)} failed, ${count(s.tasks.created)} created${
      s.tasks.cancelled > 0 ? `, ${count(s.tasks.cancelled)} cancelled` : ''
    }; ${count(s.pendingTasks)} pending now.`,
    `Income: ${s.income.length === 0 ? 'none' : s.income.map((i) => `${money(i.netMinor, i.currency)} (${i.sales} sales${i.refunds ? `, ${i.refunds} refunds` : ''})`).join(', ')}.`,
    `Tokens: ${count(s.tokens.total)} (${count(s.tokens.input)} in, ${count(s.tokens.output)} out), cost $${s.tokens.costUsd.toFixed(2)}.`,
  ];
  if (s.topAgents.length > 0) lines.push(`Top agents: ${s.topAgents.map((a) => `${a.agent} ${a.completed}`).join(', ')}.`);
  if (s.topTypes.length > 0) lines.push(`Task types created: ${s.topTypes.map((t) => `${t.type} ${t.created}`).join(', ')}.`);
  if (s.pendingApprovals + s.pendingProjects > 0)
    lines.push(`⚠️ Waiting for a person: ${s.pendingProjects} project proposal(s), ${s.pendingApprovals} product approval(s) (swarm approvals).`);
  return { kind: 'daily_summary', title: `Daily summary for ${s.day}`, text: lines.join('\n') };
};
