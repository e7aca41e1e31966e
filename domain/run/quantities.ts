import * as t from 'io-ts';

/** Small codecs for the amounts runs, budgets and sales carry; each says in its name what it accepts. */
export const WholeNumber = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'a whole number ≥ 0');
export const PositiveWholeNumber = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > 0, 'a whole number > 0');
export const NonNegativeNumber = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'a number ≥ 0');
export const Integer = t.refinement(t.number, (n) => Number.isSafeInteger(n), 'a whole number');
export const NonEmptyText = t.refinement(t.string, (s) => s.trim().length > 0, 'a non-empty text');

const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
/** An ISO-8601 UTC time such as `2026-11-24T08:00:00.000Z`. */
export const IsoTime = t.refinement(t.string, (s) => isoUtc.test(s) && !Number.isNaN(Date.parse(s)), 'an ISO-8601 UTC time (…Z)');

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
/** A UTC calendar day `YYYY-MM-DD`. */
export const IsoDay = t.refinement(t.string, (s) => isoDay.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'a UTC day YYYY-MM-DD');

/** The UTC day of an ISO time: budgets and the ledger count per UTC day. */
export const dayOf = (isoTime: string): string => isoTime.slice(0, 10);
