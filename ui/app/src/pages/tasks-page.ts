/// <reference lib="dom" />
import { html } from 'lit';
import { getJson, query } from '../api/client.js';
import { field, taskTitle, type TaskView } from '../api/views.js';
import { ago, count, shortId } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { searchParam } from '../router.js';
import { LightElement } from '../widgets/light-element.js';

const statuses = ['', 'pending', 'claimed', 'completed', 'failed', 'cancelled'];

/** The task board: filter by status, type and agent; each task links to its replay. */
export class TasksPage extends LightElement {
  static override properties = { status: { state: true }, type: { state: true }, agent: { state: true } };
  declare status: string;
  declare type: string;
  declare agent: string;
  private readonly tasks = new LiveQuery(this, ['task'], () =>
    getJson<{ tasks: TaskView[]; stats: { total?: number; by_status?: Record<string, number> } }>(
      `/api/tasks${query({ status: this.status, type: this.type, agent: this.agent, limit: 200 })}`,
    ),
  );
  private readonly perAgent = new LiveQuery(this, ['task'], () =>
    getJson<{ summary?: Record<string, Record<string, number>> }>('/api/agent-tasks?status=all&limit=200'),
  );

  constructor() {
    super();
    this.status = searchParam('status') ?? '';
    this.type = searchParam('type') ?? '';
    this.agent = searchParam('agent') ?? '';
  }

  private filter(name: 'status' | 'type' | 'agent', value: string): void {
    this[name] = value;
    const params = new URLSearchParams(query({ status: this.status, type: this.type, agent: this.agent }).slice(1));
    history.replaceState(null, '', `/tasks${params.size ? `?${params}` : ''}`);
    void this.tasks.refresh();
  }

  protected override render() {
    const tasks = this.tasks.value?.tasks ?? [];
    const summary = this.perAgent.value?.summary ?? {};
    return html`<section class="page">
      <h1>Tasks</h1>
      ${this.tasks.error ? html`<p class="error" role="alert">${this.tasks.error}</p>` : ''}
      <div class="agent-summaries">
        ${Object.entries(summary)
          .filter(([agent]) => agent !== 'unassigned')
          .map(
            ([agent, s]) => html`<button class="card agent-summary ${this.agent === agent ? 'selected' : ''}" @click=${() => this.filter('agent', this.agent === agent ? '' : agent)}>
              <strong>${agent}</strong> ${count(s.total ?? 0)} · ✓ ${count(s.completed ?? 0)} · ◔ ${count(s.pending ?? 0)} · ✗ ${count(s.failed ?? 0)}
            </button>`,
          )}
      </div>
      <form class="filters" @submit=${(e: Event) => e.preventDefault()}>
        <label>Status
          <select @change=${(e: Event) => this.filter('status', (e.target as HTMLSelectElement).value)}>
            ${statuses.map((s) => html`<option value=${s} ?selected=${s === this.status}>${s || 'any'}</option>`)}
          </select>
        </label>
        <label>Type <input .value=${this.type} @change=${(e: Event) => this.filter('type', (e.target as HTMLInputElement).value.trim())} placeholder="e.g. build_product" /></label>
        <label>Agent <input .value=${this.agent} @change=${(e: Event) => this.filter('agent', (e.target as HTMLInputElement).value.trim())} placeholder="e.g. builder" /></label>
        <span class="muted">${Object.entries(this.tasks.value?.stats?.by_status ?? {}).map(([s, n]) => `${s} ${n}`).join(' · ')}</span>
      </form>
      ${tasks.length === 0
        ? html`<p class="empty">No tasks match.</p>`
        : html`<table class="tasks">
            <thead><tr><th>Task</th><th>Type</th><th>Title</th><th>Priority</th><th>Status</th><th>Agent</th><th>Created</th></tr></thead>
            <tbody>
              ${tasks.map(
                (t) => html`<tr data-testid="task-${t.id}" data-type=${t.type} data-status=${t.status}>
                  <td><a href="/replay?task=${t.id}" title="Replay this task">${shortId(t.id)}</a></td>
                  <td>${t.type}</td>
                  <td>${taskTitle(t)}${t.error ? html`<div class="muted">${t.error}</div>` : ''}</td>
                  <td>${t.priority}</td>
                  <td><span class="status status-${t.status}">${t.status}</span></td>
                  <td>${field(t, 'assignedTo') ?? field(t, 'claimedBy') ?? '—'}</td>
                  <td>${ago(field(t, 'createdAt'))}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    </section>`;
  }
}
customElements.define('tasks-page', TasksPage);
