import * as t from 'io-ts';
import { FreeText } from '../../domain/limits/index.js';
import type { JsonSchema } from './json-schema-of.js';

/** A codec that also says its JSON Schema (for `/docs`), for inputs io-ts has no combinator for. */
const withSchema = <C extends t.Mixed>(codec: C, jsonSchema: JsonSchema): C => Object.assign(codec, { jsonSchema });

/** A whole number in a query string (`?limit=20`), within bounds. */
export const WholeNumberText = (min: number, max: number) =>
  withSchema(
    new t.Type<number, string, unknown>(
      `a whole number from ${min} to ${max}`,
      (u): u is number => typeof u === 'number',
      (u, context) => {
        const text = typeof u === 'number' ? String(u) : u;
        if (typeof text !== 'string' || !/^\d{1,15}$/.test(text)) return t.failure(u, context);
        const n = Number(text);
        return n >= min && n <= max ? t.success(n) : t.failure(u, context);
      },
      String,
    ),
    { type: 'integer', minimum: min, maximum: max },
  );

/**
 * Text that is not blank, within the free-text limits (domain/limits). Prefer the kind that fits the field
 * (`IdString`, `NameString`, `FreeText`): the limits checked before decoding follow the codec's kind.
 */
export const Text = FreeText;

/** One of a fixed set of words. */
export const OneOf = <W extends string>(words: readonly W[]) =>
  withSchema(
    new t.Type<W, string, unknown>(
      `one of ${words.join(', ')}`,
      (u): u is W => typeof u === 'string' && (words as readonly string[]).includes(u),
      (u, context) => (typeof u === 'string' && (words as readonly string[]).includes(u) ? t.success(u as W) : t.failure(u, context)),
      String,
    ),
    { type: 'string', enum: [...words] },
  );
