/// <reference lib="dom" />
import { html } from 'lit';
import { getJson } from '../api/client.js';
import { LightElement } from './light-element.js';

interface LogHealth {
  readonly reachable: boolean;
  readonly unreachableSince: string | null;
}

/**
 * How often the banner asks `/health`. The live socket carries changes of the log, and a log that is away changes
 * nothing, so the banner asks for itself; one small GET every few seconds is nothing next to a page's own reads.
 */
const askEveryMs = 3_000;

/**
 * "Log unreachable since …" (issue M point 5): while the log (EventStoreDB, a remote node) does not answer, the
 * pages show what they last read and their figures stop moving; the banner says why, and goes when the log is back.
 */
export class LogHealthBanner extends LightElement {
  static override properties = { log: { state: true } };
  declare log: LogHealth | undefined;
  private timer: number | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.ask();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearTimeout(this.timer);
  }

  private ask(): void {
    getJson<{ log?: LogHealth }>('/health')
      .then(
        (h) => (this.log = h.log), // said only while the log is away
        () => undefined, // the server itself is away: the live socket's reconnects say enough
      )
      .finally(() => (this.timer = window.setTimeout(() => this.ask(), askEveryMs)));
  }

  protected override render() {
    if (!this.log || this.log.reachable) return html``;
    const since = this.log.unreachableSince;
    return html`<div class="banner banner-danger" role="alert" data-testid="log-unreachable-banner">
      <strong>log unreachable since ${since ? html`<time datetime=${since}>${since.slice(0, 19).replace('T', ' ')} UTC</time>` : 'now'}</strong>
      — the swarm keeps trying to reach it; what the pages show stopped at that moment and moves again when it is back.
    </div>`;
  }
}
customElements.define('log-health-banner', LogHealthBanner);
