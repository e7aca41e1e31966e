/// <reference lib="dom" />
import { html } from 'lit';
import { getJson } from '../api/client.js';
import { dailyPoints, listOf, numberOf, type AgentStatus } from '../api/views.js';
import { ago, count, money, shortId, tokens } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { LightElement } from '../widgets/light-element.js';

interface Stats {
  readonly income?: { total_30d?: number; by_source?: Record<string, number> };
  readonly tokens?: { total_7d?: number; cost_7d?: number; daily_average?: number };
  readonly efficiency?: { income_per_1k_tokens?: number };
}

/** The swarm at a glance: who works on what, the queue, and what it earns against what it costs. */
export class OverviewPage extends LightElement {
  private readonly agents = new LiveQuery(this, ['agent', 'task', 'run'], () =>
    getJson<{ agents: Record<string, AgentStatus> | (AgentStatus & { agent: string })[] }>('/api/agent-statuses'),
  );
  private readonly queue = new LiveQuery(this, ['task'], () => getJson<{ stats: { by_status?: Record<string, number> } }>('/api/tasks?limit=1'));
  private readonly stats = new LiveQuery(this, ['sale', 'run'], () => getJson<Stats>('/api/stats'));
  private readonly income = new LiveQuery(this, ['sale'], () => getJson<Record<string, unknown>>('/api/ledger?by=day'));
  private readonly usage = new LiveQuery(this, ['run'], () => getJson<Record<string, unknown>>('/api/tokens?days=7'));

  private agentRows() {
    const agents = listOf<AgentStatus & { agent?: string; id?: string }>(this.agents.value?.agents, 'agent');
    if (!agents.length) return html`<p class="empty">No agent has reported yet.</p>`;
    return html`<table class="agents">
      <thead><tr><th>Agent</th><th>Status</th><th>Current task</th><th>Last heartbeat</th><th>Tokens today</th></tr></thead>
      <tbody>
        ${agents.map(
          (a) => html`<tr data-testid="agent-${a.agent ?? a.id}">
            <td>${a.agent ?? a.id}</td>
            <td><span class="status status-${a.status}">${a.status}</span></td>
            <td>${a.currentTaskId ? html`<a href="/replay?task=${a.currentTaskId}">${shortId(a.currentTaskId)}</a>` : '—'}</td>
            <td>${ago(a.lastHeartbeat ?? undefined)}</td>
            <td>${tokens(a.tokensToday)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  protected override render() {
    const stats = this.stats.value;
    const queue = this.queue.value?.stats?.by_status ?? {};
    const series = this.income.value as Record<string, unknown> | undefined;
    const incomePoints = dailyPoints(series?.series ?? series?.byDay ?? series?.by_day ?? series?.rows, ['net', 'amount', 'income', 'total', 'gross']);
    const usage = this.usage.value;
    const tokenPoints = dailyPoints(usage?.by_day ?? usage?.byDay, ['totalTokens', 'total', 'tokens']);
    const costPoints = dailyPoints(usage?.by_day ?? usage?.byDay, ['cost', 'costUsd', 'cost_usd']);
    const ready = this.agents.value !== undefined && this.stats.value !== undefined;
    const working = listOf<AgentStatus>(this.agents.value?.agents, 'agent').filter((a) => a.status === 'working').length;
    return html`<section class="page" ?data-ready=${ready}>
      <h1>Overview</h1>
      ${[this.agents, this.stats, this.queue].map((q) => (q.error ? html`<p class="error" role="alert">${q.error}</p>` : ''))}
      <div class="cards">
        <stat-card label="Income (30 days)" value=${money(numberOf(stats?.income?.total_30d) ?? 0)}></stat-card>
        <stat-card label="Tokens (7 days)" value=${tokens(numberOf(stats?.tokens?.total_7d) ?? 0)} detail=${`daily average ${tokens(Math.round(numberOf(stats?.tokens?.daily_average) ?? 0))}`}></stat-card>
        <stat-card label="Model cost (7 days)" value=${money(numberOf(stats?.tokens?.cost_7d) ?? 0)}></stat-card>
        <stat-card label="Efficiency" value=${money(numberOf(stats?.efficiency?.income_per_1k_tokens) ?? 0)} detail="income per 1k tokens"></stat-card>
      </div>
      <h2>Queue</h2>
      <div class="queue" data-testid="queue">
        ${['pending', 'claimed', 'completed', 'failed', 'cancelled'].map(
          (s) => html`<a class="chip" href="/tasks?status=${s}" data-status=${s} data-count=${queue[s] ?? 0}>${s} <strong>${count(queue[s] ?? 0)}</strong></a>`,
        )}
        <span class="chip">working agents <strong>${working}</strong></span>
      </div>
      <h2>Agents</h2>
      ${this.agentRows()}
      <div class="charts">
        <bar-chart data-testid="income-chart" caption="Income per day (net)" .points=${incomePoints}></bar-chart>
        <bar-chart data-testid="tokens-chart" caption="Tokens per day (7 days)" .points=${tokenPoints} unit="tokens"></bar-chart>
        <bar-chart data-testid="cost-chart" caption="Model cost per day (USD)" .points=${costPoints} unit="USD"></bar-chart>
      </div>
    </section>`;
  }
}
customElements.define('overview-page', OverviewPage);
