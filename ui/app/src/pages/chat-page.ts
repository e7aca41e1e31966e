/// <reference lib="dom" />
import { html } from 'lit';
import { describeError, getJson, postJson } from '../api/client.js';
import { ago } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { LightElement } from '../widgets/light-element.js';

interface ChatPost {
  readonly id?: string;
  readonly postId?: string;
  readonly author: string;
  readonly content: string;
  readonly created_at?: string;
  readonly at?: string;
}

const quickQuestions = ["What's the current status?", 'What are you all working on?', "What's blocking progress?"];

/** Talk to the swarm: messages go to `human_chat`, and Liaison answers there. */
export class ChatPage extends LightElement {
  static override properties = { problem: { state: true }, sending: { state: true } };
  declare problem: string;
  declare sending: boolean;
  private readonly chat = new LiveQuery(this, ['discussion'], () => getJson<ChatPost[] | { messages?: ChatPost[]; posts?: ChatPost[] }>('/api/chat'));

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
      <ol class="chat" data-testid="chat-thread">
        ${posts.map(
          (p) => html`<li class="chat-line ${p.author === 'human' || p.author.startsWith('human') ? 'mine' : ''}" data-author=${p.author}>
            <strong>${p.author}</strong> <span class="muted">${ago(p.created_at ?? p.at)}</span>
            <div class="content">${p.content}</div>
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
    </section>`;
  }
}
customElements.define('chat-page', ChatPage);
