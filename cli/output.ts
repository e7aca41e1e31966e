/**
 * One formatter for command output: `--json` prints the value as one JSON line for machines; otherwise a
 * readable rendering for people (a table for lists of records, `key: value` lines for one record).
 */
export interface OutputOptions {
  readonly json: boolean;
}

const cell = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v).replace(/\s+/g, ' ');
};

const clip = (s: string, width: number) => (s.length > width ? `${s.slice(0, width - 1)}…` : s);

export const table = (rows: readonly Record<string, unknown>[], columns?: readonly string[], maxWidth = 48): string => {
  if (rows.length === 0) return '(none)';
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => cols.map((c) => clip(cell(r[c]), maxWidth)));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(cols.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
};

export const record = (value: Record<string, unknown>): string => {
  const keys = Object.keys(value);
  const width = Math.max(...keys.map((k) => k.length));
  return keys
    .map((k) => {
      const v = value[k];
      const text = typeof v === 'object' && v !== null ? JSON.stringify(v, null, 2).replace(/\n/g, `\n${' '.repeat(width + 2)}`) : cell(v);
      return `${k.padEnd(width)}  ${text}`;
    })
    .join('\n');
};

export const render = (value: unknown, options: OutputOptions, text?: (v: never) => string): string => {
  if (options.json) return JSON.stringify(value);
  if (text) return text(value as never);
  if (Array.isArray(value)) return table(value as Record<string, unknown>[]);
  if (typeof value === 'object' && value !== null) return record(value as Record<string, unknown>);
  return String(value);
};
