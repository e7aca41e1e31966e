import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { invalid, type DomainError } from './errors.js';
import { inputLimits } from './limits/input-limits.js';
import { pathDeeperThan } from './limits/json-shape.js';

/** The dotted path of the input at fault, e.g. `payload.title`; unions and intersections add no segment. */
const pathOf = (context: t.Context): string =>
  context
    .slice(1)
    .filter((entry, i, all) => {
      // io-ts names union members and intersection parts by their index; those are not input fields.
      const parent = all[i - 1]?.type ?? context[0]!.type;
      const tag = (parent as { _tag?: string })._tag;
      return tag !== 'UnionType' && tag !== 'IntersectionType' && tag !== 'RefinementType' && tag !== 'ReadonlyType';
    })
    .map((entry) => entry.key)
    .filter((key) => key !== '')
    .join('.');

const shown = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  // JSON.stringify recurses: a value nested too deep is described, never serialised.
  if (pathDeeperThan(value, inputLimits.maxDepth)) return `a value nested deeper than ${inputLimits.maxDepth} levels`;
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** One io-ts failure in words a person understands: which field, what it expected, what it got. */
export const describeValidationError = (error: t.ValidationError, root?: string): { field: string; message: string } => {
  const inner = pathOf(error.context);
  const field = [root, inner].filter(Boolean).join('.') || root || 'input';
  const expected = error.message ?? error.context[error.context.length - 1]?.type.name ?? 'a valid value';
  return { field, message: `${field}: expected ${expected}, got ${shown(error.value)}` };
};

/**
 * Decodes untrusted input (a CLI argument, an HTTP body, an event from the log) with an io-ts codec. The refusal is
 * an `invalid` DomainError naming the first bad field, so callers can answer with exit code 2 or HTTP 400.
 */
export const decodeWith =
  <A, O>(codec: t.Type<A, O, unknown>, root?: string) =>
  (input: unknown): Either<DomainError, A> => {
    const result = codec.decode(input);
    if (result._tag === 'Right') return right(result.right);
    const described = result.left.map((e) => describeValidationError(e, root));
    const first = described[0] ?? { field: root ?? 'input', message: `${root ?? 'input'}: invalid` };
    return left(invalid(first.message, { field: first.field, details: { problems: described.map((d) => d.message) } }));
  };
