/// <reference lib="dom" />
import { html } from 'lit';
import { getJson } from '../api/client.js';
import { listOf, numberOf, type AgentStatus } from '../api/views.js';
import { ago, count, oneLine, percent } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { CommandForm, defined, numberOrText } from '../widgets/command-form.js';
import type { Column } from '../widgets/data-table.js';
import { LightElement } from '../widgets/light-element.js';

interface RecordedEvent {
  readonly position: number;
  readonly stream: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata?: { at?: string };
  readonly at?: string;
}

const budgetColumns: readonly Column[] = [
  { key: 'scope', heading: 'Budget of' },
  { key: 'daily_limit', heading: 'Tokens per day', format: (v, row) => (row.unlimited ? 'unlimited' : count(numberOf(v))), numeric: true },
  { key: 'used_today', heading: 'Used today', format: (v) => count(numberOf(v)), numeric: true },
  { key: 'share', heading: 'Share used', format: (v) => percent(numberOf(v)), numeric: true },
  { key: 'state', heading: 'State' },
];

const actionWords = { set: 'Set the standing limit of', raise: "Raised today's limit of", resume: 'Resumed work past the budget of' } as const;

/** Token budgets (set, raise, resume: as `swarm budget`) and what limits the agents now: exhausted budgets and provider rate limits. */
export class BudgetsPage extends LightElement {
  private readonly budgets = new LiveQuery(this, ['budget', 'run'], () => getJson<Record<string, unknown>>('/api/budgets'));
  private readonly agents = new LiveQuery(this, ['agent'], () => getJson<{ agents: Record<string, AgentStatus> }>('/api/agent-statuses'));
  private readonly rateLimits = new LiveQuery(this, ['run'], () =>
    getJson<{ events: RecordedEvent[] } | RecordedEvent[]>('/api/events?type=ProviderRateLimited&limit=20'),
  );

  private readonly form = new CommandForm(this, 'budget', ['scope', 'tokens']);

  private change(action: 'set' | 'raise' | 'resume'): void {
    const v = this.form.values();
    const scope = v.scope || 'swarm';
    const body = action === 'resume' ? {} : defined({ tokens: numberOrText(v.tokens) });
    void this.form.send(`/api/budgets/${encodeURIComponent(scope)}/${action}`, body, () => `${actionWords[action]} ${scope}${action === 'resume' ? ' for the rest of today' : ` to ${count(Number(v.tokens))} tokens`}.`, true);
  }

  private budgetForm(scopes: readonly string[]) {
    const f = this.form;
    return html`<form id="budget" class="command card" novalidate @submit=${(e: Event) => {
      e.preventDefault();
      this.change('raise');
    }}>
      <h2>Change a budget</h2>
      <div class="fields">
        ${f.field({ name: 'scope', label: 'Budget of', kind: 'select', options: scopes.map((sc) => ({ value: sc, label: sc === 'swarm' ? 'the whole swarm' : sc })) })}
        ${f.field({ name: 'tokens', label: 'Tokens per day', inputMode: 'numeric', placeholder: 'e.g. 500000', hint: 'for Set and Raise; 0 = unlimited' })}
      </div>
      ${f.outcome()}
      <div class="actions-row">
        <button type="button" ?disabled=${f.busy} @click=${() => this.change('set')}>Set standing limit</button>
        <button type="submit" class="primary" ?disabled=${f.busy}>Raise today's limit</button>
        <button type="button" ?disabled=${f.busy} @click=${() => this.change('resume')}>Resume for today</button>
      </div>
    </form>`;
  }

  protected override render() {
    const value = this.budgets.value;
    const budgets = listOf<Record<string, unknown>>(value?.budgets ?? value, 'scope');
    const limited =
      (value?.limited_agents as (AgentStatus & { agent: string })[] | undefined) ??
      listOf<AgentStatus & { agent: string; paused?: boolean }>(this.agents.value?.agents, 'agent').filter(
        (a) => a.status === 'rate_limited' || a.status === 'budget_exceeded' || a.paused,
      );
    const eventsValue = this.rateLimits.value;
    const events = Array.isArray(eventsValue) ? eventsValue : (eventsValue?.events ?? []);
    return html`<section class="page">
      <h1>Budgets</h1>
      ${this.budgets.error ? html`<p class="error" role="alert">${this.budgets.error}</p>` : ''}
      <data-table data-testid="budgets" .rows=${budgets} .columns=${budgetColumns} caption="Daily token budgets" empty="No budget is set."></data-table>
      ${this.budgetForm(budgets.length ? budgets.map((b) => String(b.scope)) : ['swarm'])}
      <h2>Rate limits</h2>
      ${limited.length
        ? html`<ul>${limited.map((a) => html`<li><strong>${a.agent}</strong> <span class="status status-${a.status}">${a.status}</span> ${a.reason ?? ''}</li>`)}</ul>`
        : html`<p class="empty">No agent is limited now.</p>`}
      <h3>Provider rate limits</h3>
      ${events.length
        ? html`<ul>${[...events].reverse().map((e) => html`<li>${ago(e.metadata?.at ?? e.at)} — ${e.stream}: ${oneLine(e.data, 160)}</li>`)}</ul>`
        : html`<p class="empty">No provider has rate-limited the swarm.</p>`}
    </section>`;
  }
}
customElements.define('budgets-page', BudgetsPage);
