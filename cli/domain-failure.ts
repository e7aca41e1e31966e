import type { DomainError } from '../domain/errors.js';
import { badInput, refused } from './cli-failure.js';

/** A refused command as a CLI failure: bad input exits 2 naming the field, any other refusal exits 1. */
export const failOn = (e: DomainError): never => {
  const details = { code: e.code, ...(e.field ? { field: e.field } : {}), ...(e.details ?? {}) };
  throw e.code === 'invalid' ? badInput(e.message, details) : refused(e.message, details);
};
