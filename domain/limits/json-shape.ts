/**
 * Walks over untrusted JSON-like values with an explicit stack, never by recursion, so input nested thousands of
 * levels deep is measured and refused instead of overflowing the call stack.
 */

/** Where a value sits inside the input: object keys and array indexes from the root. */
export type ValuePath = readonly (string | number)[];

interface Visit {
  readonly value: unknown;
  /** Objects and arrays from the root to this value, the value itself included. */
  readonly depth: number;
  readonly key?: string | number;
  readonly parent?: Visit;
}

const pathOf = (visit: Visit): (string | number)[] => {
  const path: (string | number)[] = [];
  for (let v: Visit | undefined = visit; v?.key !== undefined; v = v.parent) path.push(v.key);
  return path.reverse();
};

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** The children of an object or array, last first (so a stack visits them in order). */
const childrenOf = (visit: Visit): Visit[] => {
  const value = visit.value as Record<string, unknown> | unknown[];
  const depth = visit.depth;
  if (Array.isArray(value)) {
    const out: Visit[] = [];
    for (let i = value.length - 1; i >= 0; i--) out.push({ value: value[i], depth: depth + (isContainer(value[i]) ? 1 : 0), key: i, parent: visit });
    return out;
  }
  return Object.keys(value)
    .reverse()
    .map((key) => ({ value: value[key], depth: depth + (isContainer(value[key]) ? 1 : 0), key, parent: visit }));
};

/** The path to the first object or array nested deeper than `maxDepth` (a flat object is depth 1), or undefined. */
export const pathDeeperThan = (value: unknown, maxDepth: number): ValuePath | undefined => {
  const stack: Visit[] = [{ value, depth: isContainer(value) ? 1 : 0 }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    if (visit.depth > maxDepth) return pathOf(visit);
    if (isContainer(visit.value)) stack.push(...childrenOf(visit));
  }
  return undefined;
};

/** A problem found in a string (a value or an object key) of the input, with where it is. */
export interface StringFinding {
  readonly path: ValuePath;
  readonly problem: string;
}

/**
 * The first string value or object key, in document order, that `problemOf` objects to. Call it on input whose depth
 * is already bounded: it is iterative, but visits every node.
 */
export const firstStringProblem = (
  value: unknown,
  problemOf: { value: (s: string) => string | undefined; key: (k: string) => string | undefined },
): StringFinding | undefined => {
  const stack: Visit[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    if (visit.key !== undefined && typeof visit.key === 'string') {
      const problem = problemOf.key(visit.key);
      if (problem) return { path: pathOf(visit), problem: `key ${JSON.stringify(visit.key.slice(0, 40))} ${problem}` };
    }
    if (typeof visit.value === 'string') {
      const problem = problemOf.value(visit.value);
      if (problem) return { path: pathOf(visit), problem };
    } else if (isContainer(visit.value)) stack.push(...childrenOf(visit));
  }
  return undefined;
};

/** The UTF-8 length of a string, counted without encoding it. */
export const utf8Bytes = (s: string): number => {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
};

/** The UTF-8 size of a value's JSON text. Only for values whose depth is already bounded (JSON.stringify recurses). */
export const jsonBytes = (value: unknown): number => {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : utf8Bytes(text);
};
