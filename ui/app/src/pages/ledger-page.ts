/// <reference lib="dom" />
import { html } from 'lit';
import { getJson } from '../api/client.js';
import { dailyPoints, listOf, numberOf } from '../api/views.js';
import { count, dayLabel, money, tokens } from '../format.js';
import { LiveQuery } from '../live/live-query.js';
import { CommandForm, defined } from '../widgets/command-form.js';
import type { Column } from '../widgets/data-table.js';
import { LightElement } from '../widgets/light-element.js';

interface Audit {
  readonly ok: boolean;
  readonly sales: number;
  readonly refunds: number;
  readonly differences: readonly { path: string; projected: unknown; recomputed: unknown }[];
}

const rowsOf = (report: Record<string, unknown> | undefined): Record<string, unknown>[] =>
  listOf<Record<string, unknown>>(report?.rows ?? report?.items ?? report?.entries ?? report?.figures ?? [], 'key');

const currencyOf = (row: Readonly<Record<string, unknown>>): string => String(row.currency ?? '') || 'USD';
/** A money figure of the row's currency; blank when the row has no income (a day with only token use). */
const moneyOf = (v: unknown, row: Readonly<Record<string, unknown>>): string => (v === '' || v === undefined || v === null ? '—' : money(numberOf(v), currencyOf(row)));
const countOf = (v: unknown): string => count(numberOf(v));
const figures: readonly Column[] = [
  { key: 'sales', heading: 'Sales', format: countOf, numeric: true },
  { key: 'refunds', heading: 'Refunds', format: countOf, numeric: true },
  { key: 'gross', heading: 'Gross', format: moneyOf, numeric: true },
  { key: 'refunded', heading: 'Refunded', format: moneyOf, numeric: true },
  { key: 'net', heading: 'Net income', format: moneyOf, numeric: true },
];
const totalsColumns: readonly Column[] = [
  { key: 'currency', heading: 'Currency' },
  ...figures,
  { key: 'incomePer1kTokens', heading: 'Income per 1,000 tokens', format: moneyOf, numeric: true },
  { key: 'incomePerUsdCost', heading: 'Income per $1 of model cost', format: moneyOf, numeric: true },
];
const rowColumns: Readonly<Record<'product' | 'source' | 'day', readonly Column[]>> = {
  product: [{ key: 'product', heading: 'Product' }, ...figures],
  source: [{ key: 'source', heading: 'Source' }, ...figures],
  day: [
    { key: 'day', heading: 'Day', format: (v) => dayLabel(String(v ?? ''), true) },
    ...figures.filter((c) => c.key === 'sales' || c.key === 'refunds' || c.key === 'net'),
    { key: 'tokens', heading: 'Tokens', format: (v) => tokens(numberOf(v)), numeric: true },
    { key: 'costUsd', heading: 'Model cost', format: (v) => money(numberOf(v), 'USD'), numeric: true },
    { key: 'incomePer1kTokens', heading: 'Income per 1,000 tokens', format: moneyOf, numeric: true },
  ],
};

/** Money in and out: sales per product, source or day, a per-day chart, whether the ledger agrees with the log, and recording a sale (as `swarm income record`). */
export class LedgerPage extends LightElement {
  static override properties = { by: { state: true } };
  declare by: 'product' | 'source' | 'day';
  private readonly report = new LiveQuery(this, ['sale', 'run'], () => getJson<Record<string, unknown>>(`/api/ledger?by=${this.by}`));
  private readonly daily = new LiveQuery(this, ['sale'], () => getJson<Record<string, unknown>>('/api/ledger?by=day'));
  private readonly audit = new LiveQuery(this, ['sale'], () => getJson<Audit>('/api/ledger/audit'));

  private readonly sale = new CommandForm(this, 'new-sale', ['source', 'product', 'amount', 'currency', 'external_id', 'occurred_at']);

  constructor() {
    super();
    this.by = 'product';
  }

  private submitSale(event: Event): void {
    event.preventDefault();
    const v = this.sale.values();
    const body = defined({
      source: v.source ?? '',
      product: v.product ?? '',
      amount: (v.amount ?? '').trim(),
      currency: (v.currency ?? '').trim(),
      external_id: (v.external_id ?? '').trim(),
      occurred_at: v.occurred_at?.trim() || undefined,
    });
    void this.sale.send<{ recorded: boolean; duplicate: boolean; amount_minor: number }>('/api/income', body, (a) =>
      a.duplicate ? `That sale (${body.source} ${body.external_id}) was recorded before: nothing changed.` : `Recorded a sale of ${money(Number(body.amount), String(body.currency))} for ${body.product}.`,
    );
  }

  private saleForm() {
    const f = this.sale;
    return html`<details class="card command" data-testid="new-sale">
      <summary>Record a sale</summary>
      <form id="new-sale" novalidate @submit=${(e: Event) => this.submitSale(e)}>
        <div class="fields">
          ${f.field({ name: 'source', label: 'Source', required: true, placeholder: 'e.g. gumroad' })}
          ${f.field({ name: 'product', label: 'Product', required: true })}
          ${f.field({ name: 'amount', label: 'Amount', required: true, inputMode: 'decimal', placeholder: '12.34', hint: "in the currency's units" })}
          ${f.field({ name: 'currency', label: 'Currency', required: true, value: 'USD', hint: 'ISO code: USD, EUR…' })}
          ${f.field({ name: 'external_id', label: 'Sale id at the source', required: true, hint: 'the same sale is recorded once' })}
          ${f.field({ name: 'occurred_at', label: 'When', placeholder: '2026-12-04T10:00:00Z', hint: 'ISO time with a zone; blank = now' })}
        </div>
        ${f.outcome()}
        <button type="submit" class="primary" ?disabled=${f.busy}>Record sale</button>
      </form>
    </details>`;
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
            ? html`Audit: the ledger agrees with the log (${audit.sales} ${audit.sales === 1 ? 'sale' : 'sales'}, ${audit.refunds} ${audit.refunds === 1 ? 'refund' : 'refunds'}).`
            : html`Audit: ${audit.differences.length} differences between the ledger and the log.
                <ul>${audit.differences.slice(0, 20).map((d) => html`<li>${d.path}: ${String(d.projected)} vs ${String(d.recomputed)}</li>`)}</ul>`
          : 'Audit: checking…'}
      </div>
      ${this.saleForm()}
      <bar-chart data-testid="ledger-chart" caption="Net income per day" .points=${points} .format=${(v: number) => money(v)}></bar-chart>
      <h2>Totals</h2>
      <data-table data-testid="ledger-totals" .rows=${totals} .columns=${totalsColumns} empty="No sales recorded yet."></data-table>
      <h2>By
        <select aria-label="Group by" @change=${(e: Event) => {
          this.by = (e.target as HTMLSelectElement).value as 'product' | 'source' | 'day';
          void this.report.refresh();
        }}>
          ${['product', 'source', 'day'].map((b) => html`<option value=${b} ?selected=${b === this.by}>${b}</option>`)}
        </select>
      </h2>
      <data-table data-testid="ledger-table" .rows=${rowsOf(this.report.value)} .columns=${rowColumns[this.by]} empty="No sales recorded yet."></data-table>
    </section>`;
  }
}
customElements.define('ledger-page', LedgerPage);
