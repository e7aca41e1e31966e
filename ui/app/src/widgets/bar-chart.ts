/// <reference lib="dom" />
import type { Chart, Plugin } from 'chart.js';
import { html } from 'lit';
import { dayLabel } from '../format.js';
import { LightElement } from './light-element.js';

const fontFamily = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Chart.js is its own chunk, fetched as soon as the app starts and awaited only by the charts: a page shows its
 * figures without waiting for it. Only what a bar chart needs is registered, so Vite bundles no more of it than that.
 */
const chartJs = import('chart.js').then(({ BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip }) => {
  Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
  Chart.defaults.font.family = fontFamily;
  Chart.defaults.color = '#475467';
  return Chart;
});

export interface ChartPoint {
  readonly label: string;
  readonly value: number;
}

/** How a value reads on the axis, above its bar and in the tooltip ("$12.34", "18k"). */
export type ValueFormat = (value: number) => string;

const plain: ValueFormat = (v) => v.toLocaleString('en-US');

/** Writes each bar's value above it while the bars are few enough to leave room. */
const valueLabels = (format: () => ValueFormat): Plugin<'bar'> => ({
  id: 'valueLabels',
  afterDatasetsDraw(chart) {
    const bars = chart.getDatasetMeta(0).data;
    if (bars.length === 0 || bars.length > 16) return;
    const { ctx } = chart;
    ctx.save();
    ctx.font = `12px ${fontFamily}`;
    ctx.fillStyle = '#1d2330';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    bars.forEach((bar, i) => {
      const value = chart.data.datasets[0]!.data[i] as number;
      if (value) ctx.fillText(format()(value), bar.x, bar.y - 3);
    });
    ctx.restore();
  },
});

/**
 * A bar chart drawn by Chart.js: a value axis with a scale, day labels, each value above its bar and a tooltip on
 * hover. The canvas is a picture; the same figures are in a table that screen readers read (and tests too).
 */
export class BarChart extends LightElement {
  static override properties = { points: { attribute: false }, caption: {}, unit: {}, format: { attribute: false } };
  declare points: readonly ChartPoint[];
  declare caption: string;
  declare unit: string;
  declare format: ValueFormat | undefined;
  /** The Chart.js chart (tests read its tooltip). */
  chart: Chart<'bar'> | undefined;

  constructor() {
    super();
    this.points = [];
    this.caption = '';
    this.unit = '';
    this.format = undefined;
  }

  private valueText(value: number): string {
    const text = (this.format ?? plain)(value);
    return this.unit && !this.format ? `${text} ${this.unit}` : text;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page after a disconnect destroyed its chart: draw it again.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = undefined;
  }

  private drawing = false;

  protected override updated(): void {
    if (this.chart) {
      this.chart.data.labels = this.points.map((p) => p.label);
      this.chart.data.datasets[0]!.data = this.points.map((p) => p.value);
      this.chart.update('none');
      return;
    }
    if (this.drawing) return;
    this.drawing = true;
    void chartJs.then((ChartJs) => {
      this.drawing = false;
      const canvas = this.querySelector('canvas');
      if (this.isConnected && canvas && !this.chart) this.chart = this.draw(ChartJs, canvas);
    });
  }

  /** The chart of the points as they are now (later changes go through `updated`). */
  private draw(ChartJs: typeof Chart, canvas: HTMLCanvasElement): Chart<'bar'> {
    const labels = this.points.map((p) => p.label);
    const values = this.points.map((p) => p.value);
    const format = (v: number) => (this.format ?? plain)(v);
    return new ChartJs(canvas, {
      type: 'bar',
      data: { labels, datasets: [{ label: this.caption, data: values, backgroundColor: '#2457c5', borderRadius: 3, maxBarThickness: 48 }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: { top: 18 } },
        plugins: {
          legend: { display: false },
          tooltip: {
            displayColors: false,
            callbacks: {
              title: (items) => dayLabel(String(items[0]?.label ?? ''), true),
              label: (item) => this.valueText(Number(item.raw)),
            },
          },
        },
        scales: {
          // The current labels (the chart is drawn once before `this.chart` is set: then the first ones).
          x: { grid: { display: false }, ticks: { callback: (_value, index) => dayLabel(String((this.chart?.data.labels ?? labels)[index] ?? '')) } },
          y: { beginAtZero: true, grace: '5%', ticks: { maxTicksLimit: 5, callback: (value) => format(Number(value)) } },
        },
      },
      plugins: [valueLabels(() => (v) => format(v))],
    });
  }

  protected override render() {
    return html`<figure class="chart">
      <figcaption>${this.caption}${this.points.length === 0 ? ' — nothing yet' : ''}</figcaption>
      <div class="chart-canvas"><canvas aria-hidden="true"></canvas></div>
      <table class="visually-hidden">
        <caption>${this.caption}</caption>
        <thead><tr><th scope="col">Day</th><th scope="col">Value</th></tr></thead>
        <tbody>
          ${this.points.map((p) => html`<tr class="bar" data-label=${p.label} data-value=${p.value}><td>${dayLabel(p.label, true)}</td><td>${this.valueText(p.value)}</td></tr>`)}
        </tbody>
      </table>
    </figure>`;
  }
}
customElements.define('bar-chart', BarChart);
