import * as t from 'io-ts';
import { stringProblem, anyStringProblem } from './characters.js';
import type { FieldKinds } from './check-input.js';
import { inputLimits, kindDescription, type InputKind } from './input-limits.js';
import { firstStringProblem, jsonBytes, pathDeeperThan } from './json-shape.js';

/** A codec that says which kind of input it decodes, so an edge can check the limits before decoding (and document them). */
export type Limited<C extends t.Mixed = t.Mixed> = C & { readonly inputKind: InputKind; readonly nonBlank: boolean };

/** A string of a kind: within the kind's limits and, when `nonBlank`, not blank. */
export const limitedString = (kind: Exclude<InputKind, 'json'>, options: { readonly nonBlank?: boolean } = {}): Limited<t.Type<string, string, unknown>> => {
  const nonBlank = options.nonBlank ?? true;
  const codec = new t.Type<string, string, unknown>(
    nonBlank ? `${kindDescription[kind]}, not blank` : kindDescription[kind],
    (u): u is string => typeof u === 'string',
    (u, context) => (typeof u === 'string' && stringProblem(kind, u) === undefined && (!nonBlank || u.trim() !== '') ? t.success(u) : t.failure(u, context)),
    t.identity,
  );
  return Object.assign(codec, { inputKind: kind, nonBlank });
};

/** An id (task, run, approval, project or proposal id, an agent name, a unique prefix). */
export const IdString = limitedString('id');
/** A short label: a title, a product or type name, a topic. */
export const NameString = limitedString('name');
/** Free text that must say something: a reason, a message, a description. */
export const FreeText = limitedString('text');
/** Free text that may be empty: a note, a comment. */
export const OptionalText = limitedString('text', { nonBlank: false });
/** A file path or URL. */
export const PathString = limitedString('path');

/** A JSON object carried as data (a task's or a message's payload): bounded depth and size, no NUL characters. */
export const JsonRecord: Limited<t.Type<Record<string, unknown>, Record<string, unknown>, unknown>> = Object.assign(
  new t.Type<Record<string, unknown>, Record<string, unknown>, unknown>(
    kindDescription.json.replace('a JSON value', 'a JSON object'),
    t.UnknownRecord.is,
    (u, context) => {
      if (!t.UnknownRecord.is(u) || pathDeeperThan(u, inputLimits.maxDepth) !== undefined) return t.failure(u, context);
      if (firstStringProblem(u, { value: anyStringProblem, key: anyStringProblem }) || jsonBytes(u) > inputLimits.jsonMaxBytes) return t.failure(u, context);
      return t.success(u);
    },
    t.identity,
  ),
  { inputKind: 'json' as const, nonBlank: false },
);

type Tagged = t.Mixed & { readonly _tag?: string; readonly inputKind?: InputKind };

/** The kind a codec decodes: its own, or that of the codec it refines, wraps or holds in an array. */
export const kindOf = (codec: t.Mixed): InputKind | undefined => {
  const c = codec as Tagged & Record<string, unknown>;
  if (c.inputKind) return c.inputKind;
  switch (c._tag) {
    case 'RefinementType':
    case 'ReadonlyType':
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return kindOf(c.type as t.Mixed);
    case 'UnionType':
      return (c.types as t.Mixed[]).map(kindOf).find((k) => k !== undefined);
    case 'UnknownType':
    case 'UnknownRecordType':
    case 'AnyDictionaryType':
    case 'DictionaryType':
      return 'json';
    default:
      return undefined;
  }
};

/**
 * The kind of each top-level field of an object codec (interfaces, partials, exact types and their intersections),
 * read off the codec so the limits checked before decoding and the codec that decodes never disagree.
 */
export const fieldKindsOf = (codec: t.Mixed | undefined): FieldKinds => {
  if (!codec) return {};
  const c = codec as Tagged & Record<string, unknown>;
  switch (c._tag) {
    case 'InterfaceType':
    case 'PartialType':
    case 'StrictType': {
      const props = c.props as Record<string, t.Mixed>;
      return Object.fromEntries(Object.entries(props).flatMap(([k, v]) => (kindOf(v) ? [[k, kindOf(v)!]] : [])));
    }
    case 'ExactType':
    case 'RefinementType':
    case 'ReadonlyType':
      return fieldKindsOf(c.type as t.Mixed);
    case 'IntersectionType':
      return Object.assign({}, ...(c.types as t.Mixed[]).map(fieldKindsOf));
    default:
      return {};
  }
};
