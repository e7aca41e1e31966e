/// <reference lib="dom" />
// The operator token arrives in the URL fragment (`#token=…`, never sent to the server in a request line or a
// Referer). It is kept for this tab only and taken out of the address bar, so it is not bookmarked or shared.

const storageKey = 'swarmlog-operator-token';

/** Moves a `#token=…` from the address bar into sessionStorage; call once at start-up. */
export const adoptTokenFromLocation = (): void => {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = fragment.get('token');
  if (!token) return;
  sessionStorage.setItem(storageKey, token);
  fragment.delete('token');
  const rest = fragment.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
};

export const operatorToken = (): string | undefined => sessionStorage.getItem(storageKey) ?? undefined;
