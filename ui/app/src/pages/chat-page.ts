/// <reference lib="dom" />
import { html } from 'lit';
import { describeError, getJson, postJson } from '../api/client.js';
import { ago, shortId } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { CommandForm, defined, numberOrText } from '../widgets/command-form.js';
import { LightElement } from '../widgets/light-element.js';
import { noticeText } from '../widgets/notice-text.js';

interface ChatPost {
  readonly id?: string;
  readonly postId?: string;
  readonly author: string;
  readonly content: string;
  readonly created_at?: string;
  readonly at?: string;
}

const quickQuestions = ["What's the current status?", 'What are you all working on?', "What's blocking progress?"];

/** Talk to the swarm: messages go to `human_chat`, and Liaison answers there; or tell one agent what to do (a directive). */
export class ChatPage extends LightElement {
  static override properties = { problem: { state: true }, sending: { state: true } };
  declare problem: string;
  declare sending: boolean;
  private readonly chat = new LiveQuery(this, ['discussion'], () => getJson<ChatPost[] | { messages?: ChatPost[]; posts?: ChatPost[] }>('/api/chat'));
  private readonly agents = new LiveQuery(this, [], () => getJson<{ known_agents?: string[] }>('/api/agent-tasks?limit=1'));
  private readonly directive = new CommandForm(this, 'directive', ['to', 'priority', 'message']);

  private tell(event: Event): void {
    event.preventDefault();
    const v = this.directive.values();
    const body = defined({ to: v.to || undefined, priority: numberOrText(v.priority), message: v.message ?? '' });
    void this.directive.send<{ task_id: string; to: string }>('/api/directive', body, (a) =>
      html`Told ${a.to}: directive task <a href="/replay?task=${a.task_id}">${shortId(a.task_id)}</a>.`,
    );
  }

  private directiveForm() {
    const f = this.directive;
    const agents = this.agents.value?.known_agents ?? ['liaison'];
    return html`<form id="directive" class="command card" novalidate @submit=${(e: Event) => this.tell(e)}>
      <h2>Give an agent a directive</h2>
      <p class="muted">A task addressed to that agent (and a post in the directive topic), as Slack's <code>/swarm tell</code> does.</p>
      <div class="fields">
        ${f.field({ name: 'to', label: 'Agent', kind: 'select', value: 'liaison', options: agents.map((a) => ({ value: a, label: a })) })}
        ${f.field({ name: 'priority', label: 'Priority', inputMode: 'numeric', placeholder: '10', hint: '1 to 10; 9 and above is urgent' })}
      </div>
      ${f.field({ name: 'message', label: 'Directive', kind: 'textarea', required: true, placeholder: 'e.g. Focus on the itch.io launch today' })}
      ${f.outcome()}
      <button type="submit" class="primary" ?disabled=${f.busy}>Send directive</button>
    </form>`;
  }

  override updated(): void {
    // The newest message is at the bottom of the scrolling list.
    const list = this.querySelector<HTMLElement>('ol.chat');
    if (list && list.dataset.count !== String(list.children.length)) {
      list.dataset.count = String(list.children.length);
      list.scrollTop = list.scrollHeight;
    }
  }

  constructor() {
    super();
    this.problem = '';
    this.sending = false;
  }

  private async send(message: string): Promise<void> {
    if (!message.trim()) {
      this.problem = 'Write a message first.';
      return;
    }
    this.sending = true;
    try {
      await postJson('/api/chat', { message });
      this.problem = '';
      this.querySelector<HTMLTextAreaElement>('#chat-message')!.value = '';
    } catch (e) {
      this.problem = describeError(e);
    } finally {
      this.sending = false;
    }
  }

  protected override render() {
    const value = this.chat.value;
    const posts = Array.isArray(value) ? value : (value?.messages ?? value?.posts ?? []);
    return html`<section class="page">
      <h1>Chat</h1>
      ${this.chat.error ? html`<p class="error" role="alert">${this.chat.error}</p>` : ''}
      <ol class="chat" data-testid="chat-thread" tabindex="0" aria-label="Chat with the swarm, oldest first">
        ${posts.map(
          (p) => html`<li class="chat-line ${p.author === 'human' || p.author.startsWith('human') ? 'mine' : ''}" data-author=${p.author}>
            <strong>${p.author}</strong> <span class="muted">${ago(p.created_at ?? p.at)}</span>
            <div class="content">${noticeText(p.content)}</div>
          </li>`,
        )}
      </ol>
      <form class="chat-input" @submit=${(e: Event) => {
        e.preventDefault();
        void this.send(this.querySelector<HTMLTextAreaElement>('#chat-message')!.value);
      }}>
        <label for="chat-message">Message</label>
        <textarea id="chat-message" rows="2" @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void this.send((e.target as HTMLTextAreaElement).value);
          }
        }}></textarea>
        <button type="submit" class="primary" ?disabled=${this.sending}>Send</button>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : ''}
      </form>
      <div class="quick">${quickQuestions.map((q) => html`<button type="button" @click=${() => this.send(q)}>${q}</button>`)}</div>
      ${this.directiveForm()}
    </section>`;
  }
}
customElements.define('chat-page', ChatPage);
