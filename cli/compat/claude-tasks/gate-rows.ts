export { approvalRow, projectRow } from '../../../projections/approvals/original-rows.js';
import { badInput } from '../../cli-failure.js';
import { nonNegativeInteger } from '../../cli-values.js';

/** A `--status` value from the accepted list, or undefined for none. */
export const statusFlag = <S extends string>(flag: string, value: string | undefined, accepted: readonly S[]): S | undefined => {
  if (value === undefined) return undefined;
  if (!(accepted as readonly string[]).includes(value)) throw badInput(`${flag}: expected one of ${accepted.join(', ')}, got "${value}"`, { field: flag });
  return value as S;
};

/** A `--limit` value (1–500), default `fallback`. */
export const limitFlag = (flag: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = nonNegativeInteger(flag, value);
  if (n < 1 || n > 500) throw badInput(`${flag}: expected a whole number from 1 to 500, got "${value}"`, { field: flag });
  return n;
};

/** A required flag's value, or bad input naming it. */
export const required = (flag: string, value: string | undefined): string => {
  if (value === undefined || value.trim() === '') throw badInput(`${flag} is required`, { field: flag });
  return value;
};
