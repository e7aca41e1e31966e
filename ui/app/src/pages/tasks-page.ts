/// <reference lib="dom" />
import { html } from 'lit';
import { getJson, query } from '../api/client.js';
import { field, taskTitle, type TaskView } from '../api/views.js';
import { ago, count, shortId } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { searchParam } from '../router.js';
import { CommandForm, defined, jsonOrText, numberOrText } from '../widgets/command-form.js';
import { LightElement } from '../widgets/light-element.js';

const statuses = ['', 'pending', 'claimed', 'completed', 'failed', 'cancelled'];

/** The task board: filter by status, type and agent; each task links to its replay; a person creates a task here as with `swarm task create`. */
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
    getJson<{ summary?: Record<string, Record<string, number>>; known_agents?: string[]; known_task_types?: string[] }>('/api/agent-tasks?status=all&limit=200'),
  );
  private readonly create = new CommandForm(this, 'new-task', ['type', 'to', 'priority', 'payload']);

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

  private submitTask(event: Event): void {
    event.preventDefault();
    const v = this.create.values();
    const body = defined({ type: v.type?.trim() ?? '', to: v.to || undefined, priority: numberOrText(v.priority), payload: jsonOrText(v.payload) });
    void this.create.send<{ task_id: string; priority: number; assigned_to: string | null }>('/api/tasks', body, (a) =>
      html`Created task <a href="/replay?task=${a.task_id}">${shortId(a.task_id)}</a> (priority ${a.priority}${a.assigned_to ? `, for ${a.assigned_to}` : ', for whoever claims it'}).`,
    );
  }

  private createForm() {
    const agents = this.perAgent.value?.known_agents ?? [];
    const types = this.perAgent.value?.known_task_types ?? [];
    const f = this.create;
    return html`<details class="card command" data-testid="new-task">
      <summary>Create a task</summary>
      <form id="new-task" novalidate @submit=${(e: Event) => this.submitTask(e)}>
        <div class="fields">
          ${f.field({ name: 'type', label: 'Type', required: true, placeholder: 'e.g. research', list: 'task-types', hint: 'what kind of work; the role that does it claims it' })}
          <datalist id="task-types">${types.map((t) => html`<option value=${t}></option>`)}</datalist>
          ${f.field({ name: 'to', label: 'For agent', kind: 'select', options: [{ value: '', label: 'whoever claims it' }, ...agents.map((a) => ({ value: a, label: a }))] })}
          ${f.field({ name: 'priority', label: 'Priority', inputMode: 'numeric', placeholder: '5', hint: '1 (low) to 10 (urgent)' })}
          ${f.field({ name: 'payload', label: 'Payload (JSON object)', kind: 'textarea', placeholder: '{"title": "…"}' })}
        </div>
        ${f.outcome()}
        <button type="submit" class="primary" ?disabled=${f.busy}>Create task</button>
      </form>
    </details>`;
  }

  protected override render() {
    const tasks = this.tasks.value?.tasks ?? [];
    const summary = this.perAgent.value?.summary ?? {};
    return html`<section class="page">
      <h1>Tasks</h1>
      ${this.createForm()}
      ${this.tasks.error ? html`<p class="error" role="alert">${this.tasks.error}</p>` : ''}
      <div class="agent-summaries">
        ${Object.entries(summary)
          .filter(([agent]) => agent !== 'unassigned')
          .map(
            ([agent, s]) => html`<button class="card agent-summary ${this.agent === agent ? 'selected' : ''}" aria-pressed=${this.agent === agent ? 'true' : 'false'}
              title=${this.agent === agent ? 'Show every agent' : `Show only ${agent}'s tasks`} @click=${() => this.filter('agent', this.agent === agent ? '' : agent)}>
              <strong>${agent}</strong> ${count(s.total ?? 0)} ${s.total === 1 ? 'task' : 'tasks'}: ${count(s.completed ?? 0)} done, ${count(s.pending ?? 0)} waiting, ${count(s.failed ?? 0)} failed
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
            <thead><tr><th scope="col">Task</th><th scope="col" class="wide-only">Type</th><th scope="col">Title</th><th scope="col" class="wide-only">Priority</th><th scope="col">Status</th><th scope="col">Agent</th><th scope="col" class="wide-only">Created</th></tr></thead>
            <tbody>
              ${tasks.map(
                (t) => html`<tr data-testid="task-${t.id}" data-type=${t.type} data-status=${t.status}>
                  <td><a href="/replay?task=${t.id}" title="Replay this task">${shortId(t.id)}</a></td>
                  <td class="wide-only">${t.type}</td>
                  <td class="title">${taskTitle(t)}<div class="narrow-only muted">${t.type} · priority ${t.priority} · ${ago(field(t, 'createdAt'))}</div>${t.error ? html`<div class="muted">${t.error}</div>` : ''}</td>
                  <td class="wide-only">${t.priority}</td>
                  <td><span class="status status-${t.status}">${t.status}</span></td>
                  <td>${field(t, 'assignedTo') ?? field(t, 'claimedBy') ?? '—'}</td>
                  <td class="wide-only">${ago(field(t, 'createdAt'))}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    </section>`;
  }
}
customElements.define('tasks-page', TasksPage);
