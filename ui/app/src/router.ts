/// <reference lib="dom" />
// Pages are real paths (`/tasks`, `/replay?task=…`); the server answers every page path with the app.

export interface Page {
  readonly path: string;
  readonly name: string;
}

export const pages: readonly Page[] = [
  { path: '/', name: 'Overview' },
  { path: '/tasks', name: 'Tasks' },
  { path: '/approvals', name: 'Approvals' },
  { path: '/swarm', name: 'Swarm' },
  { path: '/chat', name: 'Chat' },
  { path: '/ledger', name: 'Ledger' },
  { path: '/replay', name: 'Replay' },
  { path: '/memory', name: 'Memory' },
  { path: '/budgets', name: 'Budgets' },
];

export const navigatedEvent = 'swarm-navigated';

/** Goes to an app path without a reload. */
export const navigate = (href: string): void => {
  history.pushState(null, '', href);
  window.dispatchEvent(new Event(navigatedEvent));
};

/** Follows same-origin app links in place; other links (and modified clicks) behave as links do. */
export const interceptLinks = (): void => {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api') || url.pathname.startsWith('/docs')) return;
    event.preventDefault();
    navigate(`${url.pathname}${url.search}`);
  });
};

export const searchParam = (name: string): string | undefined => new URLSearchParams(location.search).get(name) ?? undefined;
