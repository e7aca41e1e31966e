/**
 * The versions of the agent CLIs the `claude` and `codex` drivers are known to read (README "Agent harnesses"): the
 * version the tests run (scripts/agent-clis.mjs pins the same) and the oldest known to work. `swarm doctor` reports
 * the installed version against this range.
 */
export interface HarnessRange {
  readonly package: string;
  /** What the tests run (the real CLI against the scripted model server, in the sandbox). */
  readonly tested: string;
  /** The oldest that prints what the driver reads. */
  readonly oldest: string;
  /** Why older ones do not work. */
  readonly olderBecause: string;
}

export const harnessRanges: Readonly<Record<'claude' | 'codex', HarnessRange>> = {
  claude: {
    package: '@anthropic-ai/claude-code',
    tested: '2.1.332',
    oldest: '2.0.0',
    olderBecause: 'Claude Code 1.x reports usage limits only as a text, and its stream differs',
  },
  codex: {
    package: '@openai/codex',
    tested: '0.171.0',
    oldest: '0.44.0',
    olderBecause: 'Codex before 0.44 printed another `codex exec --json` protocol',
  },
};

const parse = (version: string): number[] | undefined => {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
};

const compare = (a: number[], b: number[]): number => {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
};

export type HarnessFit = 'tested' | 'in-range' | 'older' | 'newer' | 'unknown';

/** Where a `--version` answer (`2.1.332 (Claude Code)`, `codex-cli 0.171.0`) lies against the range, and a line saying so. */
export const harnessFit = (name: 'claude' | 'codex', versionText: string): { fit: HarnessFit; note: string } => {
  const range = harnessRanges[name];
  const version = parse(versionText);
  if (!version) return { fit: 'unknown', note: `version not recognised (tested: ${range.tested})` };
  const shown = version.join('.');
  if (compare(version, parse(range.oldest)!) < 0) return { fit: 'older', note: `${shown} is older than ${range.oldest}, the oldest known to work: ${range.olderBecause}` };
  const toTested = compare(version, parse(range.tested)!);
  if (toTested === 0) return { fit: 'tested', note: `${shown}, the version the tests run` };
  if (toTested > 0) return { fit: 'newer', note: `${shown} is newer than ${range.tested}, the version the tests run: its output may have changed` };
  return { fit: 'in-range', note: `${shown} (works from ${range.oldest}; the tests run ${range.tested})` };
};
