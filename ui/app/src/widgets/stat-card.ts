/// <reference lib="dom" />
import { html } from 'lit';
import { LightElement } from './light-element.js';

/** One figure with its label and a line of detail. */
export class StatCard extends LightElement {
  static override properties = { label: {}, value: {}, detail: {} };
  declare label: string;
  declare value: string;
  declare detail: string;

  constructor() {
    super();
    this.label = '';
    this.value = '';
    this.detail = '';
  }

  protected override render() {
    return html`<div class="card stat"><div class="stat-label">${this.label}</div><div class="stat-value">${this.value}</div>
      ${this.detail ? html`<div class="stat-detail">${this.detail}</div>` : ''}</div>`;
  }
}
customElements.define('stat-card', StatCard);
