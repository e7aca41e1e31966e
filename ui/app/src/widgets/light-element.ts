/// <reference lib="dom" />
import { LitElement } from 'lit';

/**
 * The app's elements render into the light DOM: one global stylesheet, and the whole page is one tree that browser
 * tests and the DOM-latency benchmark observe directly. Bindings stay Lit text bindings, so agent text is never HTML.
 */
export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
