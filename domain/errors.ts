/**
 * Why a command was refused. `code` says what kind of refusal (exit code 2 / HTTP 400 for `invalid`,
 * 409 for `conflict`, 403 for `forbidden`, 404 for `not_found`), `message` says it to a person,
 * `field` names the input at fault when there is one.
 */
export type DomainErrorCode = 'invalid' | 'conflict' | 'forbidden' | 'not_found';

export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
  readonly field?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

const make =
  (code: DomainErrorCode) =>
  (message: string, extra: { field?: string; details?: Record<string, unknown> } = {}): DomainError => ({
    code,
    message,
    ...extra,
  });

export const invalid = make('invalid');
export const conflict = make('conflict');
export const forbidden = make('forbidden');
export const notFound = make('not_found');
