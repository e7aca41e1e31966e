import type { DomainError, DomainErrorCode } from '../../domain/errors.js';

/** The JSON body of every refusal: a message a person understands, the field at fault, and the kind of refusal. */
export interface ErrorBody {
  readonly error: string;
  readonly field?: string;
  readonly code?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

const statusOfCode: Readonly<Record<DomainErrorCode, number>> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 };

/** A refused request: thrown by handlers and guards, answered by the server's error handler. */
export class ApiFailure extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: ErrorBody,
  ) {
    super(body.error);
  }
}

/** A command's refusal as HTTP: invalid → 400 (naming the field), forbidden → 403, not_found → 404, conflict → 409. */
export const fromDomainError = (e: DomainError): ApiFailure =>
  new ApiFailure(statusOfCode[e.code], {
    error: e.message,
    code: e.code,
    ...(e.field ? { field: e.field } : {}),
    ...(e.details && Object.keys(e.details).length > 0 ? { details: e.details } : {}),
  });

export const badRequest = (message: string, field?: string): ApiFailure => new ApiFailure(400, { error: message, code: 'invalid', ...(field ? { field } : {}) });
export const notFoundFailure = (message: string, field?: string): ApiFailure => new ApiFailure(404, { error: message, code: 'not_found', ...(field ? { field } : {}) });
