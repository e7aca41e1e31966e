import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { invalid, type DomainError } from '../errors.js';
import { anyStringProblem, stringProblem } from './characters.js';
import { inputLimits, type InputKind } from './input-limits.js';
import { firstStringProblem, jsonBytes, pathDeeperThan, utf8Bytes, type ValuePath } from './json-shape.js';

/** The kind of each field of an input, by name; fields not named are checked as `text`. */
export type FieldKinds = Readonly<Record<string, InputKind>>;

/** `__proto__` as a key would change an object's prototype when copied with Object.assign: never data. */
const keyProblem = (key: string): string | undefined => (key === '__proto__' ? 'is not accepted' : anyStringProblem(key));

const fieldName = (root: string | undefined, path: ValuePath): string => [root, ...path].filter((p) => p !== undefined && p !== '').join('.') || root || 'input';

const refusal = (field: string, problem: string): DomainError => invalid(`${field}: ${problem}`, { field });

/** What is wrong with one value of a kind (its depth already bounded), with the path inside it, or undefined. */
const valueProblem = (kind: InputKind, value: unknown): { path: ValuePath; problem: string } | undefined => {
  if (kind === 'json') {
    const deep = pathDeeperThan(value, inputLimits.maxDepth);
    if (deep) return { path: [], problem: `nested deeper than ${inputLimits.maxDepth} levels` };
    const found = firstStringProblem(value, { value: anyStringProblem, key: keyProblem });
    if (found) return found;
    const bytes = jsonBytes(value);
    if (bytes > inputLimits.jsonMaxBytes) return { path: [], problem: `larger than ${inputLimits.jsonMaxBytes / 1024} KiB as JSON (got ${bytes.toLocaleString('en-US')} bytes)` };
    return undefined;
  }
  return firstStringProblem(value, { value: (s) => stringProblem(kind, s), key: keyProblem });
};

/**
 * Checks one field's value against the limits of its kind: its depth (measured without recursion), its size and
 * its characters. The refusal names the field (and the part of it at fault, e.g. `payload.title`).
 */
export const checkField = (field: string, kind: InputKind, value: unknown): Either<DomainError, unknown> => {
  const deep = pathDeeperThan(value, inputLimits.maxDepth);
  if (deep) return left(refusal(field, `nested deeper than ${inputLimits.maxDepth} levels`));
  const found = valueProblem(kind, value);
  return found ? left(refusal(fieldName(field, found.path), found.problem)) : right(value);
};

/**
 * Checks a whole untrusted input before it is decoded: first how deep it is nested (iteratively, so no depth can
 * overflow the stack), then each top-level field by its kind in `kinds` (others as `text`). `root` prefixes the
 * field names; `whole` names the input itself when the fault is not in one field (default `input`).
 */
export const checkInput =
  (kinds: FieldKinds, options: { readonly root?: string; readonly whole?: string } = {}) =>
  (input: unknown): Either<DomainError, unknown> => {
    const name = (path: ValuePath) => (path.length === 0 && !options.root ? (options.whole ?? 'input') : fieldName(options.root, path));
    const deep = pathDeeperThan(input, inputLimits.maxDepth);
    if (deep) return left(refusal(name(deep.slice(0, 1)), `nested deeper than ${inputLimits.maxDepth} levels`));
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      const found = valueProblem('text', input);
      return found ? left(refusal(name(found.path), found.problem)) : right(input);
    }
    for (const [key, value] of Object.entries(input)) {
      const badKey = keyProblem(key);
      if (badKey) return left(refusal(name([key]), `key ${JSON.stringify(key.slice(0, 40))} ${badKey}`));
      const kind = Object.hasOwn(kinds, key) ? kinds[key]! : 'text';
      const found = valueProblem(kind, value);
      if (found) return left(refusal(name([key, ...found.path]), found.problem));
    }
    return right(input);
  };

/**
 * Checks a CLI argument or any other value that arrives as text. A `json` field's text is limited by its size and,
 * when it parses as JSON, by the JSON rules (text that is not JSON is left to the command, which may take it as text).
 */
export const checkTextField = (field: string, kind: InputKind, text: string): Either<DomainError, string> => {
  if (kind !== 'json') {
    const problem = stringProblem(kind, text);
    return problem ? left(refusal(field, problem)) : right(text);
  }
  const bytes = utf8Bytes(text);
  if (bytes > inputLimits.jsonMaxBytes) return left(refusal(field, `larger than ${inputLimits.jsonMaxBytes / 1024} KiB (got ${bytes.toLocaleString('en-US')} bytes)`));
  const basic = anyStringProblem(text);
  if (basic) return left(refusal(field, basic));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return right(text);
  }
  const checked = checkField(field, 'json', parsed);
  return checked._tag === 'Left' ? checked : right(text);
};
