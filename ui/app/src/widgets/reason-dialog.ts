/// <reference lib="dom" />
import { html } from 'lit';
import { LightElement } from './light-element.js';

/**
 * The modal a rejection opens: a required Reason and a Confirm button. It resolves with the reason, or undefined
 * when cancelled.
 */
export class ReasonDialog extends LightElement {
  static override properties = { heading: {}, problem: { state: true } };
  declare heading: string;
  declare problem: string;
  private settle: ((reason: string | undefined) => void) | undefined;

  constructor() {
    super();
    this.heading = 'Reject';
    this.problem = '';
  }

  /** Opens the dialog; the promise settles when the person confirms or cancels. */
  ask(heading: string): Promise<string | undefined> {
    this.heading = heading;
    this.problem = '';
    return new Promise((resolve) => {
      this.settle = resolve;
      void this.updateComplete.then(() => {
        const textarea = this.querySelector('textarea')!;
        textarea.value = '';
        this.querySelector('dialog')!.showModal();
        textarea.focus();
      });
    });
  }

  private finish(reason: string | undefined): void {
    this.querySelector('dialog')!.close();
    this.settle?.(reason);
    this.settle = undefined;
  }

  private confirm(event: Event): void {
    event.preventDefault();
    const reason = this.querySelector('textarea')!.value.trim();
    if (!reason) {
      this.problem = 'A reason is required: the agents read it to fix the work.';
      return;
    }
    this.finish(reason);
  }

  protected override render() {
    return html`<dialog @cancel=${() => this.finish(undefined)}>
      <form @submit=${(e: Event) => this.confirm(e)}>
        <h3>${this.heading}</h3>
        <label for="reason-text">Reason</label>
        <textarea id="reason-text" rows="4" required></textarea>
        ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : ''}
        <div class="actions">
          <button type="button" @click=${() => this.finish(undefined)}>Cancel</button>
          <button type="submit" class="danger">Confirm</button>
        </div>
      </form>
    </dialog>`;
  }
}
customElements.define('reason-dialog', ReasonDialog);
