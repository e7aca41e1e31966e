/// <reference lib="dom" />
import { html } from 'lit';
import { getJson } from '../api/client.js';
import { liveFeed } from '../live/live-feed.js';
import { LightElement } from './light-element.js';

interface Health {
  readonly status: string;
  readonly simulated: boolean;
  readonly driver: string;
}

/** A banner nobody can miss when the agents are simulated (no LLM is called; their work is canned). */
export class SimulatedBanner extends LightElement {
  static override properties = { simulated: { state: true }, driver: { state: true } };
  declare simulated: boolean;
  declare driver: string;
  private stopListening: (() => void) | undefined;

  constructor() {
    super();
    this.simulated = false;
    this.driver = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    getJson<Health>('/health').then((h) => this.show(h), () => undefined);
    this.stopListening = liveFeed.onHello((h) => this.show(h));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopListening?.();
  }

  private show(h: { simulated: boolean; driver: string }): void {
    this.simulated = h.simulated;
    this.driver = h.driver;
  }

  protected override render() {
    if (!this.simulated) return html``;
    return html`<div class="banner" role="status" data-testid="simulated-banner">
      <strong>Simulated agents</strong> — driver "${this.driver}": no LLM is called; the agents' work is canned and deterministic.
    </div>`;
  }
}
customElements.define('simulated-banner', SimulatedBanner);
