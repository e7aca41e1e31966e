/// <reference lib="dom" />
import { html } from 'lit';
import { getJson } from '../api/client.js';
import { dailyPoints, listOf, numberOf, type AgentStatus } from '../api/views.js';
import { ago, count, money, shortId, tokens } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { LightElement } from '../widgets/light-element.js';

/** `/api/refusals`: commands agent runs sent without the authority for them (agent text: rendered as text only). */
interface Refusals {
  readonly total: number;
  readonly byAgent: readonly { agent: string; count: number; lastAt: string }[];
  readonly recent: readonly { refusalId: string; agent: string; command: string; reason: string; message: string; at: string; runId?: string; taskId?: string }[];
}

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
  private readonly refusals = new LiveQuery(this, ['refusal'], () => getJson<Refusals>('/api/refusals?limit=10'));

  private agentRows() {
    const agents = listOf<AgentStatus & { agent?: string; id?: string }>(this.agents.value?.agents, 'agent');
    if (!agents.length) return html`<p class="empty">No agent has reported yet.</p>`;
    return html`<table class="agents">
      <thead><tr><th scope="col">Agent</th><th scope="col">Status</th><th scope="col">Current task</th><th scope="col">Last heartbeat</th><th scope="col" class="num">Tokens today</th></tr></thead>
      <tbody>
        ${agents.map(
          (a) => html`<tr data-testid="agent-${a.agent ?? a.id}">
            <td>${a.agent ?? a.id}</td>
            <td><span class="status status-${a.status}">${a.status}</span></td>
            <td>${a.currentTaskId ? html`<a href="/replay?task=${a.currentTaskId}">${shortId(a.currentTaskId)}</a>` : '—'}</td>
            <td>${ago(a.lastHeartbeat ?? undefined)}</td>
            <td class="num">${tokens(a.tokensToday)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private refusalRows() {
    const r = this.refusals.value;
    if (this.refusals.error) return html`<p class="error" role="alert">${this.refusals.error}</p>`;
    if (!r) return html``;
    if (r.total === 0) return html`<p class="empty">No agent command has been refused.</p>`;
    return html`<p class="refusal-counts">
        ${count(r.total)} refused in all:
        ${r.byAgent.map((a) => html`<span class="chip" data-agent=${a.agent}>${a.agent} <strong>${count(a.count)}</strong></span>`)}
      </p>
      <table class="refusals">
        <thead><tr><th>Time</th><th>Agent</th><th>Run</th><th>Command</th><th>Reason</th></tr></thead>
        <tbody>
          ${r.recent.map(
            (x) => html`<tr data-testid="refusal-${x.refusalId}" data-reason=${x.reason}>
              <td title=${x.at}>${ago(x.at)}</td>
              <td>${x.agent}</td>
              <td>${x.runId ? html`<a href="/replay?run=${encodeURIComponent(x.runId)}">${shortId(x.runId)}</a>` : '—'}</td>
              <td><code class="refused-command">${x.command}</code></td>
              <td><span class="status status-refused">${x.reason}</span><div class="muted">${x.message}</div></td>
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
      <div class="charts">
        <bar-chart data-testid="income-chart" caption="Net income per day (USD)" .points=${incomePoints} .format=${(v: number) => money(v)}></bar-chart>
        <bar-chart data-testid="tokens-chart" caption="Tokens per day (last 7 days)" .points=${tokenPoints} .format=${(v: number) => tokens(v)}></bar-chart>
        <bar-chart data-testid="cost-chart" caption="Model cost per day (last 7 days)" .points=${costPoints} .format=${(v: number) => money(v)}></bar-chart>
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
      <h2>Refused agent commands</h2>
      <div data-testid="refusals" data-total=${this.refusals.value?.total ?? 0}>${this.refusalRows()}</div>
    </section>`;
  }
}
customElements.define('overview-page', OverviewPage);
