/// <reference lib="dom" />
import { html } from 'lit';
import { describeError, getJson, postJson } from '../api/client.js';
import { shortId } from '../format.js';
import { LightElement } from '../widgets/light-element.js';
import { noticeText } from '../widgets/notice-text.js';

interface Side {
  readonly runId: string;
  readonly agent: string;
  readonly taskId: string | null;
  readonly mode: string;
  readonly driver: string;
  readonly decision: { readonly status: string; readonly result?: unknown; readonly reason?: string };
  readonly toolCalls: readonly string[];
  readonly followUps: readonly string[];
  readonly tokens: number;
  readonly costUsd: number;
}

interface Comparison {
  readonly fork: { readonly id: string; readonly status: string; readonly note: string; readonly runs: readonly unknown[] };
  readonly pairs: readonly { readonly original: Side | null; readonly fork: Side | null; readonly differences: readonly string[] }[];
  readonly firstDivergence: { readonly index: number; readonly differences: readonly string[] } | null;
  readonly totals: { readonly original: { tokens: number; costUsd: number }; readonly fork: { tokens: number; costUsd: number } };
}

const verdict = (s: Side): string => {
  if (s.decision.status === 'failed') return `failed: ${s.decision.reason ?? ''}`;
  if (s.decision.status === 'none') return 'no verdict';
  const r = s.decision.result as Record<string, unknown> | undefined;
  const said = r && typeof r === 'object' ? (r.decision ?? r.result ?? r.status) : undefined;
  return typeof said === 'string' ? said : 'completed';
};

/**
 * "What if…" on one run of the Replay page (issue 20 point 4): edit the run's prompt, choose driver and model, run it
 * in a fork, and see the original and the fork side by side, the differences marked, while the fork goes on.
 */
export class WhatIfPanel extends LightElement {
  static override properties = { runId: { type: String }, prompt: { state: true }, error: { state: true }, comparison: { state: true }, forkId: { state: true }, busy: { state: true } };
  declare runId: string;
  declare prompt: string | undefined;
  declare error: string | undefined;
  declare comparison: Comparison | undefined;
  declare forkId: string | undefined;
  declare busy: boolean;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.runId = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadPrompt();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearTimeout(this.timer);
  }

  private async loadPrompt(): Promise<void> {
    try {
      const run = await getJson<{ prompt: string | null }>(`/api/runs/${encodeURIComponent(this.runId)}`);
      this.prompt = run.prompt ?? '';
    } catch (e) {
      this.error = `could not load the run's prompt: ${describeError(e)}`;
    }
  }

  private async start(form: HTMLFormElement): Promise<void> {
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    const text = field('prompt').value;
    const driver = field('driver').value;
    const model = field('model').value.trim();
    const more = Number(field('continue').value || 0);
    this.busy = true;
    this.error = undefined;
    this.comparison = undefined;
    try {
      const started = await postJson<{ id: string }>('/api/whatif', {
        run: this.runId,
        ...(text !== this.prompt ? { prompt: { text } } : {}),
        ...(driver ? { driver } : {}),
        ...(model ? { model } : {}),
        continue: more,
        decideGatesAsRecorded: (field('gates') as HTMLInputElement).checked,
      });
      this.forkId = started.id;
      await this.follow();
    } catch (e) {
      this.error = describeError(e);
      this.busy = false;
    }
  }

  /** Reads the comparison again while the fork runs (its events are in its own log, not on the live feed). */
  private async follow(): Promise<void> {
    if (!this.forkId) return;
    try {
      this.comparison = await getJson<Comparison>(`/api/whatif/${encodeURIComponent(this.forkId)}`);
    } catch (e) {
      this.error = describeError(e);
    }
    if (this.comparison?.fork.status === 'running' || !this.comparison) this.timer = setTimeout(() => void this.follow(), 700);
    else this.busy = false;
  }

  private side(s: Side | null, label: string) {
    if (!s) return html`<div class="whatif-side missing"><span class="muted">${label === 'fork' ? 'did not happen in the fork' : 'not in the original'}</span></div>`;
    return html`<div class="whatif-side" data-run=${s.runId}>
      <strong>${s.agent}</strong> <span class="verdict">${noticeText(verdict(s))}</span>
      <span class="muted">${s.mode !== 'recorded' ? `${s.mode} · ` : ''}${s.toolCalls.length} tool calls · ${s.followUps.length} follow-ups · ${s.tokens} tokens $${s.costUsd.toFixed(4)}</span>
      ${s.followUps.length ? html`<div class="muted small">${s.followUps.join(', ')}</div>` : ''}
    </div>`;
  }

  private comparisonView(c: Comparison) {
    return html`<div class="whatif-result" data-testid="whatif-result" data-status=${c.fork.status}>
      <p role="status"><strong>Fork ${shortId(c.fork.id)}</strong>: ${c.fork.status.replace(/_/g, ' ')} — ${noticeText(c.fork.note)}</p>
      <div class="whatif-columns" data-testid="whatif-timelines">
        <h4>Original</h4><span></span><h4>Fork</h4>
        ${c.pairs.map(
          (p, i) => html`${this.side(p.original, 'original')}
            <span class="whatif-mark ${p.differences.length ? 'differs' : 'same'}" data-testid="whatif-mark-${i}" title=${p.differences.join(', ') || 'the same'}>${p.differences.length ? `≠ ${p.differences.join(', ')}` : '='}</span>
            ${this.side(p.fork, 'fork')}`,
        )}
      </div>
      <p>${c.firstDivergence ? html`First divergence: run ${c.firstDivergence.index + 1} (${c.firstDivergence.differences.join(', ')}).` : 'No divergence so far.'}
        Tokens: original ${c.totals.original.tokens}, the fork spent ${c.totals.fork.tokens} ($${c.totals.fork.costUsd.toFixed(4)}).</p>
    </div>`;
  }

  protected override render() {
    return html`<section class="whatif" data-testid="whatif-panel">
      <h3>What if… run ${shortId(this.runId)}</h3>
      <p class="muted">Runs the task again in a fork of the log as of this run's start (the live log is never written). Runs whose prompt is unchanged are replayed without an LLM. Simulated agents honour lines such as <code>sim: critic.minGreen=4</code>.</p>
      <form @submit=${(e: Event) => {
        e.preventDefault();
        void this.start(e.target as HTMLFormElement);
      }}>
        <label class="wide">Prompt <textarea name="prompt" rows="12" .value=${this.prompt ?? ''} ?disabled=${this.prompt === undefined}></textarea></label>
        <label>Driver <select name="driver"><option value="">as recorded</option>${['sim', 'claude', 'codex', 'anthropic', 'replay'].map((d) => html`<option value=${d}>${d}</option>`)}</select></label>
        <label>Model <input name="model" placeholder="as recorded" /></label>
        <label>More runs <input name="continue" type="number" min="0" max="1000" value="5" /></label>
        <label><input name="gates" type="checkbox" /> Decide human gates as recorded</label>
        <button type="submit" class="primary" ?disabled=${this.busy || this.prompt === undefined}>Run what-if</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.comparison ? this.comparisonView(this.comparison) : this.busy ? html`<p role="status">Starting the fork…</p>` : ''}
    </section>`;
  }
}
customElements.define('whatif-panel', WhatIfPanel);
