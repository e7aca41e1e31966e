/// <reference lib="dom" />
import { html, svg } from 'lit';
import { LightElement } from './light-element.js';

export interface ChartPoint {
  readonly label: string;
  readonly value: number;
}

/**
 * A bar chart in hand-made SVG (a few dozen bars need no chart library). Each bar carries its label and value as
 * data attributes and a tooltip, so tests and people can read exact figures.
 */
export class BarChart extends LightElement {
  static override properties = { points: { attribute: false }, caption: {}, unit: {} };
  declare points: readonly ChartPoint[];
  declare caption: string;
  declare unit: string;

  constructor() {
    super();
    this.points = [];
    this.caption = '';
    this.unit = '';
  }

  protected override render() {
    const width = 480;
    const height = 140;
    const max = Math.max(1, ...this.points.map((p) => p.value));
    const slot = width / Math.max(1, this.points.length);
    const barWidth = Math.max(2, Math.min(40, slot * 0.7));
    return html`<figure class="chart">
      <svg viewBox="0 0 ${width} ${height + 18}" role="img" aria-label=${this.caption}>
        ${this.points.map((p, i) => {
          const h = Math.round((p.value / max) * height);
          const x = i * slot + (slot - barWidth) / 2;
          return svg`<g class="bar" data-label=${p.label} data-value=${p.value}>
            <rect x=${x} y=${height - h} width=${barWidth} height=${Math.max(h, p.value > 0 ? 1 : 0)}></rect>
            <title>${p.label}: ${p.value}${this.unit ? ` ${this.unit}` : ''}</title>
            ${this.points.length <= 14 ? svg`<text x=${x + barWidth / 2} y=${height + 14} text-anchor="middle">${p.label.slice(-5)}</text>` : ''}
          </g>`;
        })}
      </svg>
      <figcaption>${this.caption}${this.points.length === 0 ? ' — nothing yet' : ''}</figcaption>
    </figure>`;
  }
}
customElements.define('bar-chart', BarChart);
