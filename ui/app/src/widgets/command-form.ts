/// <reference lib="dom" />
// A form that sends one command. The server is the authority on what is valid (the same codecs and input limits as
// the CLI): the form sends what the person typed, and a refusal's `field` and `error` are shown next to that field
// (aria-invalid, aria-describedby, and focus moves to it). A refusal without a field, or naming one the form does not
// show, is shown above the form's buttons.
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ApiError, describeError, postJson } from '../api/client.js';

export interface Problem {
  readonly field?: string;
  readonly message: string;
  /** Further problems of the same request, by the form field they name. */
  readonly others?: Readonly<Record<string, string>>;
}

export interface FieldSpec {
  /** The body field (or path parameter) the server names in a refusal. */
  readonly name: string;
  readonly label: string;
  readonly kind?: 'text' | 'number' | 'textarea' | 'select';
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  readonly value?: string;
  readonly placeholder?: string;
  readonly hint?: string;
  readonly required?: boolean;
  readonly inputMode?: 'numeric' | 'decimal' | 'text';
  /** The id of a datalist of suggestions. */
  readonly list?: string;
}

type Host = ReactiveControllerHost & HTMLElement;

/** One command form's state on its page: busy, the refusal, and what the last accepted command did. */
export class CommandForm {
  problem: Problem | undefined;
  /** What the last accepted command did, in a sentence. */
  done: TemplateResult | string = '';
  busy = false;

  constructor(
    private readonly host: Host,
    /** Prefixes the ids of this form's fields (several forms share a page's light DOM). */
    readonly id: string,
    private readonly fields: readonly string[],
  ) {}

  fieldId(name: string): string {
    return `${this.id}-${name}`;
  }

  private form(): HTMLFormElement | null {
    return this.host.querySelector<HTMLFormElement>(`form#${this.id}`);
  }

  /** The form's values as text, by field name. */
  values(): Record<string, string> {
    const form = this.form();
    if (!form) return {};
    return Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  }

  /**
   * Sends the command; on success says `done(answer)`, clears the fields (unless `keep`) and moves focus to that
   * sentence; on refusal shows it next to its field and focuses the field.
   */
  async send<T>(path: string, body: unknown, done: (answer: T) => TemplateResult | string, keep = false): Promise<void> {
    this.busy = true;
    this.problem = undefined;
    this.done = '';
    this.host.requestUpdate();
    try {
      const answer = await postJson<T>(path, body);
      this.done = done(answer);
      if (!keep) this.form()?.reset();
    } catch (e) {
      this.problem = e instanceof ApiError && e.status !== 401 ? this.problemOf(e) : { message: describeError(e) };
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
    await this.host.updateComplete;
    const target = this.problem
      ? this.problem.field && this.fields.includes(this.problem.field)
        ? this.host.querySelector<HTMLElement>(`#${this.fieldId(this.problem.field)}`)
        : this.host.querySelector<HTMLElement>(`#${this.id}-problem`)
      : this.host.querySelector<HTMLElement>(`#${this.id}-done`);
    target?.focus();
  }

  /** The refusal's field and error, and its other problems ("currency: expected …") beside the fields they name. */
  private problemOf(e: ApiError): Problem {
    const others: Record<string, string> = {};
    for (const p of e.problems) {
      const name = /^([A-Za-z_]+):/.exec(p)?.[1];
      if (name && name !== e.field && this.fields.includes(name) && !others[name]) others[name] = p;
    }
    return { ...(e.field ? { field: e.field } : {}), message: e.message, others };
  }

  private fieldProblem(name: string): string | undefined {
    return this.problem?.field === name ? this.problem.message : this.problem?.others?.[name];
  }

  /** A labelled input with its hint and, after a refusal naming it, the server's error beside it. */
  field(spec: FieldSpec): TemplateResult {
    const id = this.fieldId(spec.name);
    const problem = this.fieldProblem(spec.name);
    const described = [spec.hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
    const common = { id, name: spec.name, invalid: problem ? 'true' : 'false' };
    const control =
      spec.kind === 'select'
        ? html`<select id=${common.id} name=${common.name} aria-invalid=${common.invalid} aria-describedby=${described}>
            ${(spec.options ?? []).map((o) => html`<option value=${o.value} ?selected=${o.value === spec.value}>${o.label}</option>`)}
          </select>`
        : spec.kind === 'textarea'
          ? html`<textarea id=${common.id} name=${common.name} rows="3" aria-invalid=${common.invalid} aria-describedby=${described} ?required=${spec.required}
              placeholder=${spec.placeholder ?? nothing} .defaultValue=${spec.value ?? ''}></textarea>`
          : html`<input id=${common.id} name=${common.name} type=${spec.kind === 'number' ? 'number' : 'text'} inputmode=${spec.inputMode ?? nothing} list=${spec.list ?? nothing}
              aria-invalid=${common.invalid} aria-describedby=${described} ?required=${spec.required} placeholder=${spec.placeholder ?? nothing}
              .defaultValue=${spec.value ?? ''} />`;
    return html`<div class="field ${problem ? 'invalid' : ''}" data-field=${spec.name}>
      <label for=${id}>${spec.label}${spec.required ? html` <span class="muted">(required)</span>` : ''}</label>
      ${control}
      ${spec.hint ? html`<span class="hint" id="${id}-hint">${spec.hint}</span>` : ''}
      ${problem ? html`<span class="field-error" id="${id}-error" data-testid="${id}-error">${problem}</span>` : ''}
    </div>`;
  }

  /** The refusal that names no field of this form, and the sentence after a command was accepted. */
  outcome(): TemplateResult {
    const general = this.problem && !(this.problem.field && this.fields.includes(this.problem.field)) ? this.problem : undefined;
    return html`${general
      ? html`<p class="error form-problem" id="${this.id}-problem" tabindex="-1" role="alert">${general.message}${general.field ? ` (field: ${general.field})` : ''}</p>`
      : ''}
    ${this.done ? html`<p class="note" id="${this.id}-done" tabindex="-1" role="status">${this.done}</p>` : ''}`;
  }
}

/** A number when the text is one, else the text itself (the server says what is wrong with it); undefined when blank. */
export const numberOrText = (text: string | undefined): number | string | undefined => {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return undefined;
  return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
};

/** The object the JSON text stands for, else the text itself (refused by the server, naming the field); undefined when blank. */
export const jsonOrText = (text: string | undefined): unknown => {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
};

/** The defined values only (blank fields are left out, as the CLI leaves out flags not given). */
export const defined = (body: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
