/// <reference lib="dom" />
import { html } from 'lit';
import { getJson } from '../api/client.js';
import { liveFeed } from '../live/live-feed.js';
import { LightElement } from './light-element.js';

/**
 * A banner nobody can miss when `swarm up` runs agents without a sandbox (`--unsafe-no-sandbox`, or bubblewrap could
 * not run for the simulated agents): an agent could then reach the store, the operator tokens and the user's files.
 */
export class UnsandboxedBanner extends LightElement {
  static override properties = { unsandboxed: { state: true } };
  declare unsandboxed: boolean;
  private stopListening: (() => void) | undefined;

  constructor() {
    super();
    this.unsandboxed = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    getJson<{ unsandboxed?: boolean }>('/health').then((h) => this.show(h), () => undefined);
    this.stopListening = liveFeed.onHello((h) => this.show(h));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopListening?.();
  }

  private show(h: { unsandboxed?: boolean }): void {
    this.unsandboxed = h.unsandboxed === true;
  }

  protected override render() {
    if (!this.unsandboxed) return html``;
    return html`<div class="banner banner-danger" role="alert" data-testid="unsandboxed-banner">
      <strong>Agents run WITHOUT a sandbox</strong> — this swarm was started with no sandbox around agent processes: an agent
      could read and write the store, the operator tokens and your files. Install bubblewrap and restart without
      <code>--unsafe-no-sandbox</code>.
    </div>`;
  }
}
customElements.define('unsandboxed-banner', UnsandboxedBanner);
