import { parseArgs } from 'node:util';

export type OptionSpec = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string }>>;

export interface ParsedArgs {
  /** String options by name. */
  readonly values: Readonly<Record<string, string | undefined>>;
  /** Boolean options by name (`json` is always accepted). */
  readonly flags: Readonly<Record<string, boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** Strict argument parsing (unknown flags are bad input, exit 2) with string and boolean options kept apart. */
export const parseCommandArgs = (argv: readonly string[], options: OptionSpec): ParsedArgs => {
  const parsed = parseArgs({ args: [...argv], options: { ...options, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  const values: Record<string, string | undefined> = {};
  const flags: Record<string, boolean | undefined> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'boolean') flags[name] = value;
    else if (typeof value === 'string') values[name] = value;
  }
  return { values, flags, positionals: parsed.positionals };
};
