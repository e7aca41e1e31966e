/// <reference lib="dom" />
import { html, type TemplateResult } from 'lit';
import { describeError, getJson, postJson, query } from '../api/client.js';
import { field, type PostView, type ProposalView } from '../api/views.js';
import { ago, shortId } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { LightElement } from '../widgets/light-element.js';
import { noticeText } from '../widgets/notice-text.js';

const postId = (p: PostView): string => field<string>(p, 'postId') ?? (p as unknown as { id: string }).id;
const postAt = (p: PostView): string => p.at ?? field<string>(p, 'createdAt') ?? '';

interface Thread {
  readonly post: PostView;
  readonly replies: Thread[];
}

/** Posts arranged as threads: a reply goes under its post when that post is on the page, else it starts a thread. */
const threadsOf = (posts: readonly PostView[]): Thread[] => {
  const chronological = [...posts].sort((a, b) => (postAt(a) < postAt(b) ? -1 : postAt(a) > postAt(b) ? 1 : 0));
  const byId = new Map<string, Thread>();
  const roots: Thread[] = [];
  for (const post of chronological) {
    const thread: Thread = { post, replies: [] };
    byId.set(postId(post), thread);
    const replyTo = field<string>(post, 'replyTo');
    const parent = replyTo ? byId.get(replyTo) : undefined;
    if (parent) parent.replies.push(thread);
    else roots.push(thread);
  }
  return roots.reverse();
};

/** The swarm's own conversation and governance: discussion threads, proposals with live tallies and their votes. */
export class SwarmPage extends LightElement {
  static override properties = { topic: { state: true }, message: { state: true } };
  declare topic: string;
  declare message: string;
  private readonly posts = new LiveQuery(this, ['discussion'], () =>
    getJson<{ discussions?: PostView[]; posts?: PostView[] } | PostView[]>(`/api/discussions${query({ topic: this.topic, limit: 100 })}`),
  );
  private readonly proposals = new LiveQuery(this, ['proposal'], () => getJson<{ proposals: ProposalView[] } | ProposalView[]>('/api/proposals'));

  constructor() {
    super();
    this.topic = '';
    this.message = '';
  }

  private async vote(id: string, vote: 'for' | 'against'): Promise<void> {
    try {
      await postJson(`/api/proposals/${id}/vote`, { vote });
      this.message = `Voted ${vote}.`;
    } catch (e) {
      this.message = describeError(e);
    }
  }

  private thread(t: Thread): TemplateResult {
    const p = t.post;
    return html`<li class="post" data-testid="post-${postId(p)}">
      <div class="post-head"><strong class="author">${p.author}</strong>
        ${p.topic && p.topic !== 'general' ? html`<span class="tag">${p.topic}</span>` : ''}
        <span class="muted">${ago(postAt(p))}</span></div>
      <div class="content">${noticeText(p.content)}</div>
      ${t.replies.length ? html`<ul class="replies">${t.replies.map((r) => this.thread(r))}</ul>` : ''}
    </li>`;
  }

  private proposal(p: ProposalView) {
    const id = field<string>(p, 'proposalId') ?? (p as unknown as { id: string }).id;
    const tally = p.tally ?? { for: 0, against: 0 };
    const total = tally.for + tally.against;
    const share = total ? Math.round((tally.for / total) * 100) : 0;
    return html`<article class="card item" data-testid="proposal-${id}" data-status=${p.status}>
      <header>
        <h3>${p.title}</h3>
        <span class="tag">${field(p, 'proposalType') ?? (p as unknown as { type: string }).type}</span>
        <span class="status status-${p.status}">${p.status}</span>
      </header>
      <p class="description">${p.description}</p>
      <div class="tally" data-testid="tally-${id}">
        <span class="for">for <strong data-testid="tally-for">${tally.for}</strong></span>
        <span class="against">against <strong data-testid="tally-against">${tally.against}</strong></span>
        <meter min="0" max="100" value=${share} title="${share}% for"></meter>
      </div>
      <details>
        <summary>Votes (${p.votes?.length ?? total})</summary>
        <ol class="votes">
          ${(p.votes ?? []).map((v) => html`<li><strong>${v.voter}</strong> ${v.vote}${v.comment ? html` — ${v.comment}` : ''} <span class="muted">${ago(v.at)}</span></li>`)}
        </ol>
      </details>
      <footer>
        <span class="muted">proposed by ${field(p, 'proposedBy')} ${ago(field(p, 'createdAt'))} · ${shortId(id)}</span>
        ${p.status === 'open'
          ? html`<span class="actions"><button aria-label="Vote for ${p.title}" @click=${() => this.vote(id, 'for')}>Vote for</button><button aria-label="Vote against ${p.title}" @click=${() => this.vote(id, 'against')}>Vote against</button></span>`
          : ''}
      </footer>
    </article>`;
  }

  protected override render() {
    const postsValue = this.posts.value;
    const posts = Array.isArray(postsValue) ? postsValue : (postsValue?.discussions ?? postsValue?.posts ?? []);
    const proposalsValue = this.proposals.value;
    const proposals = Array.isArray(proposalsValue) ? proposalsValue : (proposalsValue?.proposals ?? []);
    return html`<section class="page">
      <h1>Swarm</h1>
      ${this.message ? html`<p class="note" role="status">${this.message}</p>` : ''}
      <div class="columns">
        <div>
          <h2>Proposals</h2>
          ${this.proposals.error ? html`<p class="error" role="alert">${this.proposals.error}</p>` : ''}
          ${proposals.length ? proposals.map((p) => this.proposal(p)) : html`<p class="empty">No proposals.</p>`}
        </div>
        <div>
          <h2>Discussion</h2>
          <label>Topic <input .value=${this.topic} placeholder="all topics" @change=${(e: Event) => {
            this.topic = (e.target as HTMLInputElement).value.trim();
            void this.posts.refresh();
          }} /></label>
          ${this.posts.error ? html`<p class="error" role="alert">${this.posts.error}</p>` : ''}
          <ul class="threads">${threadsOf(posts).map((t) => this.thread(t))}</ul>
        </div>
      </div>
    </section>`;
  }
}
customElements.define('swarm-page', SwarmPage);
