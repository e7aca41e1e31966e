/**
 * Reads the commands a prompt tells an agent to run: the lines of its ```bash blocks. Used by the prompt-command test
 * to run every one of them through the real bins (W-37: the original's prompts named CLI syntax that did not exist).
 */

export const swarmBins = ['swarm', 'claude-tasks', 'claude-swarm'] as const;
export type SwarmBin = (typeof swarmBins)[number];

export interface CommandBlock {
  readonly file: string;
  /** 1-based number of the bash block in its file. */
  readonly block: number;
  /** Set by a `# as <role>` comment in the block (shared texts show commands of several roles). */
  readonly actAs?: string;
  /** Command lines (continuations joined), in order. */
  readonly commands: readonly string[];
  /** Lines that are neither commands of the swarm's bins nor comments (an agent without a shell could not run them). */
  readonly foreign: readonly string[];
}

export const extractCommandBlocks = (markdown: string, file: string): CommandBlock[] => {
  const blocks: CommandBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```bash\s*$/.test(lines[i]!.trim())) continue;
    const commands: string[] = [];
    const foreign: string[] = [];
    let actAs: string | undefined;
    let pending = '';
    for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) {
      const line = lines[i]!.trim();
      if (line.endsWith('\\')) {
        pending += `${line.slice(0, -1)} `;
        continue;
      }
      const full = (pending + line).trim();
      pending = '';
      if (!full) continue;
      const as = /^#\s*as\s+([a-z]+)\s*$/.exec(full);
      if (as) actAs = as[1];
      else if (full.startsWith('#')) continue;
      else if (swarmBins.some((bin) => full.startsWith(`${bin} `))) commands.push(full);
      else foreign.push(full);
    }
    blocks.push({ file, block: blocks.length + 1, ...(actAs ? { actAs } : {}), commands, foreign });
  }
  return blocks;
};

/** The placeholders of a command line: `<idea title>`, `<1-10>`, `<for|against>` … */
export const placeholdersOf = (line: string): string[] => [...new Set([...line.matchAll(/<([^<>\n]+)>/g)].map((m) => m[1]!))];

/** The single-quoted parts of a line (a `$VAR` inside one would reach the CLI unexpanded). */
export const singleQuotedParts = (line: string): string[] => [...line.matchAll(/'([^']*)'/g)].map((m) => m[1]!);

/**
 * Splits a command line the way a POSIX shell would for the simple forms prompts use (quotes, backslash escapes,
 * `$VAR` / `${VAR}` expansion outside single quotes), without running a shell. Anything else a shell would
 * interpret (pipes, redirections, `;`, `&`, command substitution) is refused, so prompts stay plain commands.
 */
export const shellWords = (line: string, env: Readonly<Record<string, string | undefined>>): string[] => {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const expand = (): string => {
    // at a '$'
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(line.slice(i));
    const bare = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(line.slice(i));
    const m = braced ?? bare;
    if (!m) throw new Error(`unsupported use of $ at column ${i + 1}: ${line}`);
    i += m[0].length;
    const value = env[m[1]!];
    if (value === undefined) throw new Error(`$${m[1]} is not set in the run's environment: ${line}`);
    return value;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`unterminated double quote: ${line}`);
        const d = line[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          word += line[i + 1];
          i += 2;
        } else if (d === '$') word += expand();
        else if (d === '`') throw new Error(`command substitution is not allowed: ${line}`);
        else {
          word += d;
          i++;
        }
      }
    } else if (c === '\\') {
      word += line[i + 1] ?? '';
      inWord = true;
      i += 2;
    } else if (c === '$') {
      if (line[i + 1] === '(') throw new Error(`command substitution is not allowed: ${line}`);
      word += expand();
      inWord = true;
    } else if ('|;&<>`'.includes(c)) {
      throw new Error(`shell syntax "${c}" at column ${i + 1} is not allowed in a prompt command: ${line}`);
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
};
