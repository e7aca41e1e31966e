/// <reference lib="dom" />
import { html } from 'lit';
import { describeError, getJson, postJson } from '../api/client.js';
import { listOf, type AgentStatus } from '../api/views.js';
import { ago, oneLine } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { LightElement } from '../widgets/light-element.js';

interface RecordedEvent {
  readonly position: number;
  readonly stream: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata?: { at?: string };
  readonly at?: string;
}

/** Token budgets (set, raise, resume) and what limits the agents now: exhausted budgets and provider rate limits. */
export class BudgetsPage extends LightElement {
  static override properties = { message: { state: true } };
  declare message: string;
  private readonly budgets = new LiveQuery(this, ['budget', 'run'], () => getJson<Record<string, unknown>>('/api/budgets'));
  private readonly agents = new LiveQuery(this, ['agent'], () => getJson<{ agents: Record<string, AgentStatus> }>('/api/agent-statuses'));
  private readonly rateLimits = new LiveQuery(this, ['run'], () =>
    getJson<{ events: RecordedEvent[] } | RecordedEvent[]>('/api/events?type=ProviderRateLimited&limit=20'),
  );

  constructor() {
    super();
    this.message = '';
  }

  private async change(action: 'set' | 'raise' | 'resume'): Promise<void> {
    const scope = this.querySelector<HTMLInputElement>('#budget-scope')!.value.trim() || 'swarm';
    const tokensText = this.querySelector<HTMLInputElement>('#budget-tokens')!.value.trim();
    const body = action === 'resume' || tokensText === '' ? {} : { tokens: Number(tokensText) };
    try {
      await postJson(`/api/budgets/${encodeURIComponent(scope)}/${action}`, body);
      this.message = `Budget ${scope}: ${action} done.`;
    } catch (e) {
      this.message = describeError(e);
    }
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
      ${this.message ? html`<p class="note" role="status">${this.message}</p>` : ''}
      ${this.budgets.error ? html`<p class="error" role="alert">${this.budgets.error}</p>` : ''}
      <data-table data-testid="budgets" .rows=${budgets} empty="No budget is set."></data-table>
      <form class="inline" @submit=${(e: Event) => e.preventDefault()}>
        <label>Scope <input id="budget-scope" placeholder="swarm or an agent" /></label>
        <label>Tokens per day <input id="budget-tokens" type="number" min="1" step="1000" /></label>
        <button type="button" @click=${() => this.change('set')}>Set</button>
        <button type="button" @click=${() => this.change('raise')}>Raise</button>
        <button type="button" @click=${() => this.change('resume')}>Resume</button>
      </form>
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
