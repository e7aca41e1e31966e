import { idCharacters, inputLimits, type InputKind } from './input-limits.js';

/** C0 controls (NUL included), DEL and C1 controls: never in a name, id or path. */
const anyControl = /[\u0000-\u001F\u007F-\u009F]/;
/** The controls free text may not hold: all of the above except tab, line feed and carriage return. */
const textControl = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make text read differently than it is. */
const bidiControl = /[\u202A-\u202E\u2066-\u2069]/;
/** A UTF-16 surrogate without its pair: not a character, and not storable as UTF-8. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const codePoint = (s: string, pattern: RegExp): string => {
  const c = pattern.exec(s)![0]!;
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
};

const maxChars: Readonly<Record<Exclude<InputKind, 'json'>, number>> = {
  id: inputLimits.idMaxChars,
  name: inputLimits.nameMaxChars,
  text: inputLimits.textMaxChars,
  path: inputLimits.pathMaxChars,
};

/** What is wrong with any string of untrusted input (a `json` field's strings and keys too), or undefined. */
export const anyStringProblem = (s: string): string | undefined => {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (loneSurrogate.test(s)) return 'contains a lone UTF-16 surrogate (not a character)';
  return undefined;
};

/** What is wrong with a string of this kind, in words that end a sentence such as "title: …", or undefined. */
export const stringProblem = (kind: Exclude<InputKind, 'json'>, s: string): string | undefined => {
  const max = maxChars[kind];
  if (s.length > max) return `longer than ${max.toLocaleString('en-US')} characters (got ${s.length.toLocaleString('en-US')})`;
  const basic = anyStringProblem(s);
  if (basic) return basic;
  if (kind === 'text') return textControl.test(s) ? `contains the control character ${codePoint(s, textControl)}` : undefined;
  if (anyControl.test(s)) return `contains the control character ${codePoint(s, anyControl)}`;
  if (bidiControl.test(s)) return `contains the bidirectional control character ${codePoint(s, bidiControl)}`;
  if (kind === 'id' && !idCharacters.test(s)) return `may hold only letters, digits and _ . : @ + = / ~ - (got ${JSON.stringify(s.slice(0, 40))})`;
  return undefined;
};
