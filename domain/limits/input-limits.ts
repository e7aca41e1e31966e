/**
 * How much untrusted input the swarm takes, and what it may contain (SPEC §10 "Bad input"). One set of rules for the
 * HTTP API, the CLI and the commands agents send: every edge declares which kind each of its fields is, and checks
 * the input against these rules before decoding it. See docs/decisions.md, "Input limits".
 */

/**
 * What a field holds, which decides its limits:
 * - `id`: an identifier a machine made or matches (task and run ids, agent names, external sale ids, prefixes);
 * - `name`: a short label a person reads (titles, product names, types, topics, currencies);
 * - `text`: free text (descriptions, chat, directives, reasons, notes, comments, content);
 * - `path`: a file path or URL;
 * - `json`: a JSON value carried as data (a task's payload, a result).
 */
export type InputKind = 'id' | 'name' | 'text' | 'path' | 'json';

export const inputLimits = {
  /** Objects and arrays inside each other, counted from the input's root (a flat object is 1). */
  maxDepth: 32,
  idMaxChars: 200,
  nameMaxChars: 200,
  textMaxChars: 10_000,
  pathMaxChars: 1_024,
  /** A `json` field's size: the UTF-8 bytes of its JSON text. */
  jsonMaxBytes: 64 * 1024,
} as const;

/** The characters of an id: letters, digits and `_ . : @ + = / ~ -` (no spaces, quotes, controls or look-alikes). */
export const idCharacters = /^[A-Za-z0-9_.:@+=/~-]*$/;

/** 10000 → "10,000" (not `toLocaleString`: its first call loads ICU's data, ~20 ms of every CLI call's start-up). */
const withThousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** In words, for messages and documentation. */
export const kindDescription: Readonly<Record<InputKind, string>> = {
  id: `an id of at most ${inputLimits.idMaxChars} letters, digits and _ . : @ + = / ~ -`,
  name: `a name of at most ${inputLimits.nameMaxChars} characters without control or bidirectional-override characters`,
  text: `a text of at most ${withThousands(inputLimits.textMaxChars)} characters without control characters other than tab and line breaks`,
  path: `a path or URL of at most ${withThousands(inputLimits.pathMaxChars)} characters without control or bidirectional-override characters`,
  json: `a JSON value of at most ${inputLimits.jsonMaxBytes / 1024} KiB, nested at most ${inputLimits.maxDepth} deep, without NUL characters`,
};
