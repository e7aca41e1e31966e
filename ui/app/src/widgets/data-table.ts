/// <reference lib="dom" />
import { html } from 'lit';
import { oneLine } from '../format.js';
import { LightElement } from './light-element.js';

/** One column: the row field it shows, its heading in a person's words, and how its values read. */
export interface Column {
  readonly key: string;
  readonly heading: string;
  readonly format?: (value: unknown, row: Readonly<Record<string, unknown>>) => string;
  /** Figures align right, so digits line up. */
  readonly numeric?: boolean;
}

/** `incomePer1kTokens` / `used_today` → "Income per 1k tokens" / "Used today": a heading for a field nobody named. */
export const headingOf = (key: string): string => {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * Rows of plain objects as a table: the given columns, or else one per field (the union of the rows' fields, in
 * first-seen order) with a heading made from its name.
 */
export class DataTable extends LightElement {
  static override properties = { rows: { attribute: false }, columns: { attribute: false }, empty: {}, caption: {} };
  declare rows: readonly Record<string, unknown>[];
  declare columns: readonly Column[] | undefined;
  declare empty: string;
  declare caption: string;

  constructor() {
    super();
    this.rows = [];
    this.columns = undefined;
    this.empty = 'Nothing yet.';
    this.caption = '';
  }

  protected override render() {
    if (!this.rows.length) return html`<p class="empty">${this.empty}</p>`;
    const columns: readonly Column[] = this.columns ?? [...new Set(this.rows.flatMap((r) => Object.keys(r)))].map((key) => ({ key, heading: headingOf(key) }));
    return html`<table>
      ${this.caption ? html`<caption class="visually-hidden">${this.caption}</caption>` : ''}
      <thead><tr>${columns.map((c) => html`<th scope="col" class=${c.numeric ? 'num' : ''}>${c.heading}</th>`)}</tr></thead>
      <tbody>${this.rows.map(
        (r) => html`<tr>${columns.map((c) => html`<td class=${c.numeric ? 'num' : ''} data-column=${c.key}>${c.format ? c.format(r[c.key], r) : oneLine(r[c.key], 80)}</td>`)}</tr>`,
      )}</tbody>
    </table>`;
  }
}
customElements.define('data-table', DataTable);
