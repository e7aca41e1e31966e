import { badInput } from './cli-failure.js';

/** Decoders for single CLI flag values; each failure names the flag and says what is accepted. */
export const nonNegativeInteger = (flag: string, text: string): number => {
  const n = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw badInput(`${flag}: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got "${text.slice(0, 40)}"`, { field: flag });
  return n;
};

export const integerInRange = (flag: string, text: string, min: number, max: number): number => {
  const n = /^-?\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw badInput(`${flag}: expected a whole number from ${min} to ${max}, got "${text.slice(0, 40)}"`, { field: flag });
  return n;
};

export const jsonValue = (flag: string, text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badInput(`${flag}: not valid JSON (${(e as Error).message})`, { field: flag });
  }
};

export const jsonObject = (flag: string, text: string): Record<string, unknown> => {
  const value = jsonValue(flag, text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badInput(`${flag}: expected a JSON object, got ${text}`, { field: flag });
  return value as Record<string, unknown>;
};
