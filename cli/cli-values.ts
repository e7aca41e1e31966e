import { badInput } from './cli-failure.js';

/** Decoders for single CLI flag values; each failure names the flag and says what is accepted. */
export const nonNegativeInteger = (flag: string, text: string): number => {
  if (!/^\d+$/.test(text)) throw badInput(`${flag}: expected a whole number ≥ 0, got "${text}"`, { field: flag });
  return Number(text);
};

export const integerInRange = (flag: string, text: string, min: number, max: number): number => {
  if (!/^-?\d+$/.test(text)) throw badInput(`${flag}: expected a whole number from ${min} to ${max}, got "${text}"`, { field: flag });
  return Number(text);
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
