import { parseArgs } from 'node:util';
import { isLeft } from 'fp-ts/lib/Either.js';
import { checkTextField, type InputKind } from '../domain/limits/index.js';
import { flagKinds, type PositionalKind } from './argument-kinds.js';
import { badInput } from './cli-failure.js';

/** Options by name; `kind` overrides the flag's kind in `flagKinds` (domain/limits) for this command. */
export type OptionSpec = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string; readonly kind?: InputKind }>>;

export interface ParsedArgs {
  /** String options by name. */
  readonly values: Readonly<Record<string, string | undefined>>;
  /** Boolean options by name (`json` is always accepted). */
  readonly flags: Readonly<Record<string, boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** Refuses (exit 2, naming the flag or argument) a value outside the limits of its kind. */
export const checkArgument = (field: string, kind: InputKind, value: string): string => {
  const checked = checkTextField(field, kind, value);
  if (isLeft(checked)) throw badInput(checked.left.message, { field });
  return value;
};

/** The kind of a flag in this command: its own `kind`, else the shared table, else free text. */
export const kindOfFlag = (name: string, options: OptionSpec = {}): InputKind => options[name]?.kind ?? (Object.hasOwn(flagKinds, name) ? flagKinds[name]! : 'text');

/**
 * Strict argument parsing (unknown flags are bad input, exit 2) with string and boolean options kept apart. Every
 * value is checked against the input limits of its kind before the command sees it: flags by `kindOfFlag`,
 * positionals by `positionalKinds` (named as usage names them; any further ones as free text).
 */
export const parseCommandArgs = (argv: readonly string[], options: OptionSpec, positionalKinds: readonly PositionalKind[] = []): ParsedArgs => {
  const spec = Object.fromEntries(Object.entries(options).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]));
  const parsed = parseArgs({ args: [...argv], options: { ...spec, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  const values: Record<string, string | undefined> = {};
  const flags: Record<string, boolean | undefined> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'boolean') flags[name] = value;
    else if (typeof value === 'string') values[name] = checkArgument(`--${name}`, kindOfFlag(name, options), value);
  }
  parsed.positionals.forEach((value, i) => {
    const [name, kind] = positionalKinds[i] ?? [`argument ${i + 1}`, 'text'];
    checkArgument(name, kind, value);
  });
  return { values, flags, positionals: parsed.positionals };
};
