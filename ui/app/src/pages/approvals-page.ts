/// <reference lib="dom" />
import { html } from 'lit';
import { describeError, getJson, postJson } from '../api/client.js';
import { field, type ApprovalView, type ProjectView } from '../api/views.js';
import { ago, money, shortId } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { LightElement } from '../widgets/light-element.js';
import { noticeText } from '../widgets/notice-text.js';
import type { ReasonDialog } from '../widgets/reason-dialog.js';

/** What waits for a person comes first: a pending or deferred item, or a product whose publish failed. */
const waiting = (status: string) => status === 'pending' || status === 'deferred' || status === 'publish_failed';
const pendingFirst = <T extends { status: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => Number(waiting(b.status)) - Number(waiting(a.status)));

const testsText: Record<string, string> = { pass: 'Tests: PASS', fail: 'Tests: FAIL', unknown: 'Tests: no report' };

/** The two human gates: project proposals (build or not) and products (publish or not). */
export class ApprovalsPage extends LightElement {
  static override properties = { message: { state: true }, busy: { state: true } };
  declare message: string;
  declare busy: string;
  private readonly projects = new LiveQuery(this, ['project', 'task'], () => getJson<{ projects: ProjectView[]; stats?: Record<string, number> }>('/api/projects'));
  private readonly products = new LiveQuery(this, ['approval', 'task'], () => getJson<{ approvals: ApprovalView[]; pending_count?: number }>('/api/approvals'));

  constructor() {
    super();
    this.message = '';
    this.busy = '';
  }

  /**
   * Sends a decision. The decided item's buttons go away, so focus would fall to the page body: it moves to the
   * sentence saying what was done (or why not), and Tab goes on from there.
   */
  private async decide(path: string, body: object, what: string): Promise<void> {
    this.busy = path;
    try {
      await postJson(path, body);
      this.message = what;
    } catch (e) {
      this.message = describeError(e);
    } finally {
      this.busy = '';
    }
    await this.updateComplete;
    this.querySelector<HTMLElement>('#decision-note')?.focus();
  }

  private async reject(kind: 'projects' | 'approvals', id: string, name: string): Promise<void> {
    const reason = await this.querySelector<ReasonDialog>('reason-dialog')!.ask(`Reject ${name}`);
    if (reason !== undefined) await this.decide(`/api/${kind}/${id}/reject`, { reason }, `Rejected ${name}.`);
  }

  /** Approving a product whose tests fail is an override: on purpose, with a note saying why (issue 17). */
  private async approveOverride(id: string, name: string): Promise<void> {
    const note = await this.querySelector<ReasonDialog>('reason-dialog')!.ask(`Approve ${name} although its tests fail: why?`);
    if (note !== undefined) await this.decide(`/api/approvals/${id}/approve`, { notes: note, override_tests: true }, `Approved ${name} despite failing tests.`);
  }

  private project(p: ProjectView) {
    const open = p.status === 'pending' || p.status === 'deferred';
    const buildTask = field<string>(p, 'buildTaskId');
    return html`<article class="card item" data-testid="project-${p.id}" data-status=${p.status}>
      <header>
        <h3>${p.title}</h3>
        <span class="status status-${p.status}">${p.status}</span>
        <span class="rating">rating ${field(p, 'combinedRating') ?? '—'}</span>
      </header>
      <dl class="facts">
        <dt>Hunter</dt><dd>${noticeText(String(field(p, 'hunterPitch') ?? ''))} <span class="muted">(${field(p, 'hunterRating') ?? '—'}/10)</span></dd>
        <dt>Critic</dt><dd>${noticeText(String(field(p, 'criticEvaluation') ?? ''))} <span class="muted">(${field(p, 'criticRating') ?? '—'}/10)</span></dd>
        <dt>Market</dt><dd>${field(p, 'marketSize') ?? '—'}; max revenue ${field(p, 'maxRevenueEstimate') ?? '—'}; effort ${field(p, 'effortEstimate') ?? '—'}</dd>
        <dt>Cons</dt><dd><ul>${String(field(p, 'cons') ?? '').split('\n').map((c) => c.replace(/^\s*[-•]\s*/, '').trim()).filter(Boolean).map((c) => html`<li>${noticeText(c)}</li>`)}</ul></dd>
        <dt>Differentiation</dt><dd>${noticeText(String(field(p, 'differentiation') ?? ''))}</dd>
      </dl>
      <footer>
        <span class="muted">by ${field(p, 'submittedBy') ?? '—'} ${ago(field(p, 'submittedAt'))}</span>
        ${field(p, 'decidedBy') ? html`<span class="muted">· ${p.status} by ${field(p, 'decidedBy')}${field(p, 'reviewerNotes') ? html`: “${field(p, 'reviewerNotes')}”` : ''}</span>` : ''}
        ${buildTask ? html`<span data-testid="build-task">· build task <a href="/replay?task=${buildTask}">${shortId(buildTask)}</a></span>` : ''}
        ${open
          ? html`<span class="actions">
              <button class="primary" aria-label="Approve ${p.title}" ?disabled=${!!this.busy} @click=${() => this.decide(`/api/projects/${p.id}/approve`, { notes: 'Approved via dashboard' }, `Approved ${p.title}.`)}>Approve</button>
              <button class="danger" aria-label="Reject ${p.title}" ?disabled=${!!this.busy} @click=${() => this.reject('projects', p.id, p.title)}>Reject</button>
              ${p.status === 'pending' ? html`<button aria-label="Defer ${p.title}" ?disabled=${!!this.busy} @click=${() => this.decide(`/api/projects/${p.id}/defer`, { notes: 'Deferred for later review' }, `Deferred ${p.title}.`)}>Defer</button>` : ''}
            </span>`
          : ''}
      </footer>
    </article>`;
  }

  private product(a: ApprovalView) {
    const name = field<string>(a, 'productName') ?? a.id;
    const fixTask = field<string>(a, 'fixTaskId');
    const publishTask = field<string>(a, 'publishTaskId');
    const url = field<string>(a, 'publishedUrl');
    const tests = field<string>(a, 'testStatus') ?? 'unknown';
    const failure = field<{ reason?: string }>(a, 'publishFailure');
    const failing = tests === 'fail';
    return html`<article class="card item" data-testid="approval-${a.id}" data-status=${a.status}>
      <p class="tests tests-${tests}" data-testid="tests">${testsText[tests] ?? testsText.unknown}${field(a, 'overrideTests') ? ' · approved over failing tests' : ''}</p>
      <header>
        <h3>${name}</h3>
        <span class="status status-${a.status}">${a.status === 'publish_failed' ? 'publish failed' : a.status}</span>
        <span class="muted">${field(a, 'productType') ?? ''} on ${field(a, 'platform') ?? '—'} · ${a.price === undefined ? 'free' : money(a.price)}</span>
      </header>
      ${a.status === 'publish_failed'
        ? html`<p class="error" data-testid="publish-failure">Publish failed: ${noticeText(String(failure?.reason ?? 'no reason given'))}</p>`
        : ''}
      <p class="description">${noticeText(String(field(a, 'description') ?? ''))}</p>
      <footer>
        <span class="muted">by ${field(a, 'submittedBy') ?? '—'} ${ago(field(a, 'submittedAt'))}</span>
        ${field(a, 'decidedBy') ? html`<span class="muted">· decided by ${field(a, 'decidedBy')}${field(a, 'reviewerNotes') ? html`: “${field(a, 'reviewerNotes')}”` : ''}</span>` : ''}
        ${fixTask ? html`<span data-testid="fix-task">· fix task <a href="/replay?task=${fixTask}">${shortId(fixTask)}</a></span>` : ''}
        ${publishTask ? html`<span data-testid="publish-task">· publish task <a href="/replay?task=${publishTask}">${shortId(publishTask)}</a></span>` : ''}
        ${url
          ? html`<span data-testid="published-link">· published${field(a, 'publishedPlatform') ? ` on ${field(a, 'publishedPlatform')}` : ''} at ${/^https?:\/\//i.test(url)
              ? html`<a class="url" href=${url} target="_blank" rel="noopener noreferrer">${url}</a>`
              : html`<span class="url">${url}</span>`}</span>`
          : ''}
        ${a.status === 'pending'
          ? html`<span class="actions">
              ${failing
                ? html`<button aria-label="Approve ${name} despite failing tests" ?disabled=${!!this.busy} @click=${() => this.approveOverride(a.id, name)}>Approve despite failing tests…</button>`
                : html`<button class="primary" aria-label="Approve ${name}" ?disabled=${!!this.busy} @click=${() => this.decide(`/api/approvals/${a.id}/approve`, { notes: 'Approved via dashboard' }, `Approved ${name} for publishing.`)}>Approve</button>`}
              <button class="danger" aria-label="Reject ${name}" ?disabled=${!!this.busy} @click=${() => this.reject('approvals', a.id, name)}>Reject</button>
            </span>`
          : ''}
        ${a.status === 'publish_failed'
          ? html`<span class="actions">
              <button class="primary" aria-label="Retry publishing ${name}" ?disabled=${!!this.busy} @click=${() => this.decide(`/api/approvals/${a.id}/retry`, { notes: 'Retried via dashboard' }, `Sent ${name} out again.`)}>Retry publish</button>
            </span>`
          : ''}
      </footer>
    </article>`;
  }

  protected override render() {
    const projects = pendingFirst(this.projects.value?.projects ?? []);
    const products = pendingFirst(this.products.value?.approvals ?? []);
    const pendingProjects = projects.filter((p) => p.status === 'pending').length;
    return html`<section class="page">
      <h1>Approvals</h1>
      ${this.message ? html`<p class="note" id="decision-note" role="status" tabindex="-1">${this.message}</p>` : ''}
      ${[this.projects, this.products].map((q) => (q.error ? html`<p class="error" role="alert">${q.error}</p>` : ''))}
      <h2>Products <span class="badge">${this.products.value?.pending_count ?? products.filter((a) => a.status === 'pending').length} pending</span></h2>
      ${products.length ? products.map((a) => this.product(a)) : html`<p class="empty">No product waits for a decision.</p>`}
      <h2>Projects <span class="badge">${pendingProjects} pending</span></h2>
      ${projects.length ? projects.map((p) => this.project(p)) : html`<p class="empty">No project proposal yet.</p>`}
      <reason-dialog></reason-dialog>
    </section>`;
  }
}
customElements.define('approvals-page', ApprovalsPage);
