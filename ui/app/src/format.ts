// How figures read on the dashboard.

export const money = (amount: number | undefined, currency = 'USD'): string =>
  amount === undefined || Number.isNaN(amount) ? '—' : `${currency === 'USD' ? '$' : ''}${amount.toFixed(2)}${currency === 'USD' ? '' : ` ${currency}`}`;

export const count = (n: number | undefined): string => (n === undefined ? '—' : n.toLocaleString('en-US'));

export const tokens = (n: number | undefined): string =>
  n === undefined ? '—' : n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 10_000 ? `${Math.round(n / 1000)}k` : count(n);

/** "12 s ago", "5 min ago", "3 h ago", else the date. */
export const ago = (iso: string | undefined, now = Date.now()): string => {
  if (!iso) return '—';
  const ms = now - Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} s ago`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h ago`;
  return iso.slice(0, 10);
};

export const shortId = (id: string | undefined): string => (id ? (id.length > 12 ? id.slice(0, 12) : id) : '—');

/** A value of unknown shape as one line of text (payloads, results). */
export const oneLine = (value: unknown, width = 120): string => {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
};
