/// <reference lib="dom" />
import { html } from 'lit';
import { oneLine } from '../format.js';
import { LightElement } from './light-element.js';

/** Rows of plain objects as a table, one column per field (the union of the rows' fields, in first-seen order). */
export class DataTable extends LightElement {
  static override properties = { rows: { attribute: false }, empty: {} };
  declare rows: readonly Record<string, unknown>[];
  declare empty: string;

  constructor() {
    super();
    this.rows = [];
    this.empty = 'Nothing yet.';
  }

  protected override render() {
    if (!this.rows.length) return html`<p class="empty">${this.empty}</p>`;
    const columns = [...new Set(this.rows.flatMap((r) => Object.keys(r)))];
    return html`<table>
      <thead><tr>${columns.map((c) => html`<th>${c.replace(/_/g, ' ')}</th>`)}</tr></thead>
      <tbody>${this.rows.map((r) => html`<tr>${columns.map((c) => html`<td>${oneLine(r[c], 80)}</td>`)}</tr>`)}</tbody>
    </table>`;
  }
}
customElements.define('data-table', DataTable);
