/// <reference lib="dom" />
import { html } from 'lit';
import { getJson } from '../api/client.js';
import { dailyPoints, listOf } from '../api/views.js';
import { LiveQuery } from '../live/live-query.js';
import { LightElement } from '../widgets/light-element.js';

interface Audit {
  readonly ok: boolean;
  readonly sales: number;
  readonly refunds: number;
  readonly differences: readonly { path: string; projected: unknown; recomputed: unknown }[];
}

const rowsOf = (report: Record<string, unknown> | undefined): Record<string, unknown>[] =>
  listOf<Record<string, unknown>>(report?.rows ?? report?.items ?? report?.entries ?? report?.figures ?? [], 'key');

/** Money in and out: sales per product, source or day, a per-day chart, and whether the ledger agrees with the log. */
export class LedgerPage extends LightElement {
  static override properties = { by: { state: true } };
  declare by: 'product' | 'source' | 'day';
  private readonly report = new LiveQuery(this, ['sale', 'run'], () => getJson<Record<string, unknown>>(`/api/ledger?by=${this.by}`));
  private readonly daily = new LiveQuery(this, ['sale'], () => getJson<Record<string, unknown>>('/api/ledger?by=day'));
  private readonly audit = new LiveQuery(this, ['sale'], () => getJson<Audit>('/api/ledger/audit'));

  constructor() {
    super();
    this.by = 'product';
  }

  protected override render() {
    const daily = this.daily.value;
    const points = dailyPoints(daily?.series ?? daily?.byDay ?? daily?.by_day ?? daily?.rows, ['net', 'amount', 'income', 'total', 'gross']);
    const audit = this.audit.value;
    const totals = listOf<Record<string, unknown>>((this.report.value?.summary as Record<string, unknown> | undefined)?.totals ?? this.report.value?.totals ?? [], 'currency');
    return html`<section class="page">
      <h1>Ledger</h1>
      ${[this.report, this.audit].map((q) => (q.error ? html`<p class="error" role="alert">${q.error}</p>` : ''))}
      <div class="audit ${audit ? (audit.ok ? 'ok' : 'bad') : ''}" data-testid="ledger-audit">
        ${audit
          ? audit.ok
            ? html`Audit: the ledger agrees with the log (${audit.sales} sales, ${audit.refunds} refunds).`
            : html`Audit: ${audit.differences.length} differences between the ledger and the log.
                <ul>${audit.differences.slice(0, 20).map((d) => html`<li>${d.path}: ${String(d.projected)} vs ${String(d.recomputed)}</li>`)}</ul>`
          : 'Audit: checking…'}
      </div>
      <bar-chart data-testid="ledger-chart" caption="Net income per day" .points=${points}></bar-chart>
      <h2>Totals</h2>
      <data-table .rows=${totals} empty="No sales recorded yet."></data-table>
      <h2>By
        <select aria-label="Group by" @change=${(e: Event) => {
          this.by = (e.target as HTMLSelectElement).value as 'product' | 'source' | 'day';
          void this.report.refresh();
        }}>
          ${['product', 'source', 'day'].map((b) => html`<option ?selected=${b === this.by}>${b}</option>`)}
        </select>
      </h2>
      <data-table data-testid="ledger-table" .rows=${rowsOf(this.report.value)} empty="No sales recorded yet."></data-table>
    </section>`;
  }
}
customElements.define('ledger-page', LedgerPage);
