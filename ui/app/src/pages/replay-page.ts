/// <reference lib="dom" />
import { html, nothing } from 'lit';
import { getJson, query } from '../api/client.js';
import type { TimelineEvent } from '../api/views.js';
import { oneLine, shortId } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { searchParam } from '../router.js';
import { LightElement } from '../widgets/light-element.js';
import { noticeText } from '../widgets/notice-text.js';
import { decisionsOf, decisionText, type RunDecision } from './replay-decisions.js';
import './whatif-panel.js';

const selectors = ['task', 'run', 'correlation', 'agent'] as const;
type Selector = (typeof selectors)[number];

interface Timeline {
  readonly selector: Selector;
  readonly id: string;
  readonly events: readonly TimelineEvent[];
}

interface RunDetail {
  readonly run?: Record<string, unknown>;
  readonly prompt?: string;
  readonly promptText?: string;
  readonly output?: string;
  readonly outputText?: string;
  readonly log?: string;
  readonly [key: string]: unknown;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v, null, 2));

/**
 * The story of a task, run, agent or correlation id, event by event, from the recorded log only. Each run opens to
 * its prompt, output, tool calls and tokens. The as-of slider shows the timeline as it stood at an earlier position.
 */
export class ReplayPage extends LightElement {
  static override properties = { selector: { state: true }, id: { state: true }, asOf: { state: true }, head: { state: true }, whatIf: { state: true } };
  /** The run whose "What if…" panel is open. */
  declare whatIf: string | undefined;
  declare selector: Selector;
  declare id: string;
  declare asOf: number | undefined;
  /** The last position of the whole timeline (the slider's right end). */
  declare head: number;
  private readonly runs = new Map<string, RunDetail | string>();
  private readonly timeline = new LiveQuery(this, '*', async () => {
    if (!this.id) return undefined;
    const answer = await getJson<Timeline>(`/api/replay${query({ [this.selector]: this.id, as_of: this.asOf })}`);
    if (this.asOf === undefined) this.head = answer.events.at(-1)?.position ?? 0;
    return answer;
  });

  constructor() {
    super();
    this.selector = selectors.find((s) => searchParam(s)) ?? 'task';
    this.id = searchParam(this.selector) ?? '';
    this.asOf = undefined;
    this.head = 0;
  }

  private show(selector: Selector, id: string): void {
    this.selector = selector;
    this.id = id.trim();
    this.asOf = undefined;
    history.replaceState(null, '', `/replay${query({ [selector]: this.id })}`);
    void this.timeline.refresh();
  }

  private setAsOf(position: number): void {
    this.asOf = position >= this.head ? undefined : position;
    void this.timeline.refresh();
  }

  private async openRun(runId: string): Promise<void> {
    if (this.runs.has(runId)) return;
    this.runs.set(runId, 'loading…');
    this.requestUpdate();
    try {
      this.runs.set(runId, await getJson<RunDetail>(`/api/runs/${encodeURIComponent(runId)}`));
    } catch (e) {
      this.runs.set(runId, `could not load the run: ${(e as Error).message}`);
    }
    this.requestUpdate();
  }

  private runDetail(runId: string) {
    const detail = this.runs.get(runId);
    if (detail === undefined || typeof detail === 'string') return html`<p class="muted">${detail ?? ''}</p>`;
    const run = (detail.run ?? detail) as Record<string, unknown>;
    return html`<dl class="facts">
        <dt>Agent</dt><dd>${text(run.agent)}</dd>
        <dt>Driver</dt><dd>${text(run.driver)} ${text(run.model)}</dd>
        <dt>Tool calls</dt><dd>${text(run.toolCalls)}</dd>
        <dt>Tokens</dt><dd>${text(run.inputTokens)} in / ${text(run.outputTokens)} out, $${(Number(run.costMicroUsd ?? 0) / 1e6).toFixed(4)}</dd>
        <dt>Outcome</dt><dd>${text(run.outcome)} ${text(run.reason)}</dd>
      </dl>
      <h4>Prompt</h4>
      <pre class="prompt">${text(detail.prompt ?? detail.promptText)}</pre>
      <h4>Output</h4>
      <pre class="output">${text(detail.output ?? detail.outputText ?? detail.log)}</pre>`;
  }

  /** A run as one collapsible row: agent, decision, tokens and follow-ups; open, its prompt, output and events. */
  private runRow(r: RunDecision) {
    return html`<li class="run-row" data-position=${r.started.position}>
      <details data-testid="run-${r.runId}" @toggle=${(ev: Event) => (ev.target as HTMLDetailsElement).open && this.openRun(r.runId)}>
        <summary>
          <span class="position">#${r.started.position}</span>
          <strong class="agent">${r.agent}</strong>
          <span class="decision" data-type=${r.decision?.type ?? 'none'}>${noticeText(decisionText(r.decision))}</span>
          <span class="muted">${r.tokens.toLocaleString('en-US')} tokens $${r.costUsd.toFixed(4)} · ${r.followUps.length} follow-up${r.followUps.length === 1 ? '' : 's'}${r.followUps.length ? `: ${[...new Set(r.followUps.map((f) => f.type))].join(', ')}` : ''}</span>
          <button type="button" class="whatif-open" data-testid="whatif-${r.runId}" @click=${(ev: Event) => {
            ev.preventDefault();
            ev.stopPropagation();
            this.whatIf = this.whatIf === r.runId ? undefined : r.runId;
          }}>What if…</button>
        </summary>
        ${this.runDetail(r.runId)}
        <h4>Events</h4>
        <ol class="timeline inner">${r.events.map((e) => this.event(e, true))}</ol>
      </details>
      ${this.whatIf === r.runId ? html`<whatif-panel .runId=${r.runId}></whatif-panel>` : ''}
    </li>`;
  }

  private event(e: TimelineEvent, inRun = false) {
    const isRun = !inRun && e.type === 'RunStarted' && e.runId;
    return html`<li class="event depth-${Math.min(e.depth, 6)}" style="margin-left: ${Math.min(e.depth, 8) * 1.2}rem" data-type=${inRun ? nothing : e.type} data-event-type=${e.type} data-position=${e.position}>
      <span class="position">#${e.position}</span>
      <span class="muted">${e.at.slice(0, 19).replace('T', ' ')}</span>
      <strong>${e.type}</strong>
      <span class="actor">${e.actor}</span>
      <span class="summary">${noticeText(e.summary)}</span>
      ${isRun
        ? html`<details data-testid="run-${e.runId}" @toggle=${(ev: Event) => (ev.target as HTMLDetailsElement).open && this.openRun(e.runId!)}>
            <summary>Run ${shortId(e.runId)}: prompt, output, tool calls, tokens</summary>
            ${this.runDetail(e.runId!)}
          </details>`
        : e.data !== undefined && !inRun
          ? html`<details><summary>data</summary><pre>${oneLine(e.data, 4000)}</pre></details>`
          : e.data !== undefined
            ? // Inside a run's row (itself a <details>) the data is shown as it is, not behind another disclosure.
              html`<pre class="event-data small">${oneLine(e.data, 600)}</pre>`
            : ''}
    </li>`;
  }

  protected override render() {
    const timeline = this.timeline.value;
    const events = timeline?.events ?? [];
    const first = events[0]?.position ?? 0;
    return html`<section class="page">
      <h1>Replay</h1>
      <form class="inline" @submit=${(e: Event) => {
        e.preventDefault();
        const form = e.target as HTMLFormElement;
        this.show((form.elements.namedItem('selector') as HTMLSelectElement).value as Selector, (form.elements.namedItem('id') as HTMLInputElement).value);
      }}>
        <label>Replay a
          <select name="selector">${selectors.map((s) => html`<option ?selected=${s === this.selector}>${s}</option>`)}</select>
        </label>
        <label>Id <input name="id" .value=${this.id} placeholder="id or unique prefix" /></label>
        <button type="submit" class="primary">Show</button>
      </form>
      ${this.timeline.error ? html`<p class="error" role="alert">${this.timeline.error}</p>` : ''}
      ${timeline
        ? html`<div class="as-of">
              <label for="as-of">As of position</label>
              <input id="as-of" type="range" min=${first} max=${Math.max(this.head, first)} .value=${String(this.asOf ?? this.head)}
                @change=${(e: Event) => this.setAsOf(Number((e.target as HTMLInputElement).value))} />
              <span>${this.asOf === undefined ? `now (#${this.head})` : `#${this.asOf}`}</span>
            </div>
            <p class="muted">${events.length} events of ${timeline.selector} ${timeline.id}: each run one row (open it for its prompt, output and events)</p>
            <ol class="timeline" data-testid="timeline">${decisionsOf(events).map((row) => (row.kind === 'run' ? this.runRow(row) : this.event(row.event)))}</ol>`
        : html`<p class="empty">Choose a task, run, correlation or agent to replay (the Tasks page links each task here).</p>`}
    </section>`;
  }
}
customElements.define('replay-page', ReplayPage);
