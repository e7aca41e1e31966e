import { left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { invalid, type DomainError } from '../errors.js';

export const Currency = t.refinement(t.string, (s) => /^[A-Z]{3}$/.test(s), 'an ISO 4217 currency code of 3 capital letters (e.g. USD)');

/** ISO 4217 currencies whose minor unit is not 1/100; every other code has two decimal places. */
const decimalPlacesOf: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0,
  XOF: 0, XPF: 0, BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};
export const decimalPlaces = (currency: string): number => decimalPlacesOf[currency] ?? 2;

/**
 * "12.34" USD → 1234: parsed from the text, never through a float, so no amount is ever rounded. More decimal
 * places than the currency has ("12.345" USD) is refused rather than rounded.
 */
export const parseAmount = (text: string, currency: string, field = 'amount'): Either<DomainError, number> => {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return left(invalid(`${field}: expected an amount such as 12.34, got "${text}"`, { field }));
  const places = decimalPlaces(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > places)
    return left(invalid(`${field}: ${currency} has ${places} decimal place${places === 1 ? '' : 's'}, got "${text}"`, { field }));
  const minor = Number(match[1]!) * 10 ** places + Number(fraction.padEnd(places, '0') || '0');
  if (!Number.isSafeInteger(minor)) return left(invalid(`${field}: amount too large, got "${text}"`, { field }));
  return right(minor);
};

/** 1234 USD → "12.34". */
export const formatAmount = (minor: number, currency: string): string => {
  const places = decimalPlaces(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(places + 1, '0');
  return places === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
};
