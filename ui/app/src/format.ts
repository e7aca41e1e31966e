// How figures read on the dashboard.

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** An amount in a currency's units as people write it: "$12.34", "€5.00", "-$1.50"; a code Intl does not know as "12.34 XYZ". */
export const money = (amount: number | string | undefined, currency = 'USD'): string => {
  const value = typeof amount === 'string' ? (amount.trim() === '' ? Number.NaN : Number(amount)) : amount;
  if (value === undefined || !Number.isFinite(value)) return '—';
  const code = currency.trim().toUpperCase() || 'USD';
  let format = moneyFormats.get(code);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol' });
    } catch {
      return `${value.toFixed(2)} ${code}`;
    }
    moneyFormats.set(code, format);
  }
  return format.format(value);
};

/** A share (0.25) as a percentage ("25%"). */
export const percent = (share: number | null | undefined): string => (share === undefined || share === null || !Number.isFinite(share) ? '—' : `${Math.round(share * 1000) / 10}%`);

const dayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDayFormat = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** A UTC day ("2026-12-04") as "Dec 4" (long: "Fri, Dec 4, 2026"); other labels as they are. */
export const dayLabel = (day: string, long = false): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  const at = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(at.getTime()) ? day : (long ? longDayFormat : dayFormat).format(at);
};

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
