/// <reference lib="dom" />
import { html } from 'lit';
import { navigatedEvent, pages } from './router.js';
import { LightElement } from './widgets/light-element.js';

/** The frame: banner, navigation (one link per page) and the page for the current path. */
export class AppShell extends LightElement {
  static override properties = { path: { state: true } };
  declare path: string;
  /** Set after an in-app navigation: the new page's heading then takes the focus (a first load leaves it alone). */
  private navigated = false;
  private readonly follow = () => {
    this.path = location.pathname;
    this.navigated = true;
    window.scrollTo(0, 0);
  };

  constructor() {
    super();
    this.path = location.pathname;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.follow);
    window.addEventListener(navigatedEvent, this.follow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.follow);
    window.removeEventListener(navigatedEvent, this.follow);
  }

  private page() {
    switch (this.path.replace(/\/+$/, '') || '/') {
      case '/':
        return html`<overview-page></overview-page>`;
      case '/tasks':
        return html`<tasks-page></tasks-page>`;
      case '/approvals':
        return html`<approvals-page></approvals-page>`;
      case '/swarm':
        return html`<swarm-page></swarm-page>`;
      case '/chat':
        return html`<chat-page></chat-page>`;
      case '/ledger':
        return html`<ledger-page></ledger-page>`;
      case '/replay':
        return html`<replay-page></replay-page>`;
      case '/memory':
        return html`<memory-page></memory-page>`;
      case '/budgets':
        return html`<budgets-page></budgets-page>`;
      default:
        return html`<section class="page"><h1>Not found</h1><p>No page at ${this.path}.</p></section>`;
    }
  }

  protected override updated(): void {
    const current = this.path.replace(/\/+$/, '') || '/';
    // Each page has its own title (tabs, history and screen readers name it).
    document.title = `${pages.find((p) => p.path === current)?.name ?? 'Not found'} · swarmlog`;
    if (!this.navigated) return;
    this.navigated = false;
    // After a link inside the app, focus goes to the new page's heading (not left on a link that is gone, nor the body).
    const page = this.querySelector('main')?.firstElementChild as (Element & { updateComplete?: Promise<unknown> }) | null;
    void (page?.updateComplete ?? Promise.resolve()).then(() => {
      const heading = this.querySelector<HTMLElement>('main h1');
      if (!heading) return;
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    });
  }

  protected override render() {
    const current = this.path.replace(/\/+$/, '') || '/';
    return html`<log-health-banner></log-health-banner><unsandboxed-banner></unsandboxed-banner><simulated-banner></simulated-banner>
      <header class="top">
        <span class="brand">swarmlog</span>
        <nav aria-label="Pages">
          ${pages.map((p) => html`<a href=${p.path} aria-current=${current === p.path ? 'page' : 'false'}>${p.name}</a>`)}
        </nav>
      </header>
      <main>${this.page()}</main>`;
  }
}
customElements.define('swarm-app', AppShell);
