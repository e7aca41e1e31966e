/// <reference lib="dom" />
import { html } from 'lit';
import { describeError, getJson, query } from '../api/client.js';
import { ago } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { LightElement } from '../widgets/light-element.js';
import { noticeText } from '../widgets/notice-text.js';

interface Memory {
  readonly id?: string;
  readonly memoryId?: string;
  readonly type?: string;
  readonly kind?: string;
  readonly agent?: string;
  readonly content?: string;
  readonly text?: string;
  readonly importance?: number;
  readonly score?: number;
  readonly tags?: readonly string[];
  readonly at?: string;
  readonly created_at?: string;
}

interface SearchAnswer {
  readonly results?: readonly Memory[];
  readonly memories?: readonly Memory[];
  readonly embedder?: string | { kind?: string };
  readonly ranking?: string;
  /** How the results are ranked, in a person's words ("shared words (SQLite FTS5, BM25)"). */
  readonly rankingText?: string;
}

/** Long-term memory search (by shared words, or fused with a model's similarity), and the short-term feed of what the swarm just did. */
export class MemoryPage extends LightElement {
  static override properties = { answer: { state: true }, problem: { state: true } };
  declare answer: SearchAnswer | undefined;
  declare problem: string;
  private readonly feed = new LiveQuery(this, ['memory', 'run', 'task', 'discussion'], () => getJson<{ memories?: Memory[] } | Memory[]>('/api/memories?limit=50'));

  constructor() {
    super();
    this.answer = undefined;
    this.problem = '';
  }

  private async search(q: string): Promise<void> {
    try {
      this.answer = await getJson<SearchAnswer>(`/api/memory/search${query({ q, limit: 10 })}`);
      this.problem = '';
    } catch (e) {
      this.problem = describeError(e);
    }
  }

  private memory(m: Memory) {
    return html`<li class="memory">
      <span class="tag">${m.type ?? m.kind ?? 'memory'}</span>
      ${m.agent ? html`<strong>${m.agent}</strong>` : ''}
      <span class="content">${noticeText(m.content ?? m.text ?? '')}</span>
      ${m.score !== undefined ? html`<span class="muted">score ${m.score.toFixed?.(3) ?? m.score}</span>` : ''}
      ${m.importance !== undefined ? html`<span class="muted">importance ${m.importance}</span>` : ''}
      <span class="muted">${ago(m.at ?? m.created_at)}</span>
    </li>`;
  }

  protected override render() {
    const feedValue = this.feed.value;
    const feed = Array.isArray(feedValue) ? feedValue : (feedValue?.memories ?? []);
    const embedder = this.answer?.rankingText ?? (typeof this.answer?.embedder === 'string' ? this.answer.embedder : (this.answer?.embedder?.kind ?? this.answer?.ranking));
    const results = this.answer?.results ?? this.answer?.memories ?? [];
    return html`<section class="page">
      <h1>Memory</h1>
      <form class="search" @submit=${(e: Event) => {
        e.preventDefault();
        void this.search(this.querySelector<HTMLInputElement>('#memory-query')!.value);
      }}>
        <label for="memory-query">Search long-term memory</label>
        <input id="memory-query" type="search" placeholder="e.g. what sold on itch" />
        <button type="submit" class="primary">Search</button>
      </form>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : ''}
      ${this.answer
        ? html`<p class="muted">${results.length} results${embedder ? ` (ranked by ${embedder})` : ''}</p>
            <ol class="memories" data-testid="memory-results">${results.map((m) => this.memory(m))}</ol>`
        : ''}
      <h2>Short-term feed</h2>
      ${this.feed.error ? html`<p class="error" role="alert">${this.feed.error}</p>` : ''}
      <ol class="memories" data-testid="memory-feed">${feed.map((m) => this.memory(m))}</ol>
    </section>`;
  }
}
customElements.define('memory-page', MemoryPage);
