import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { agentNames } from '../../domain/agent/roles.js';
import { describeValidationError } from '../../domain/decode.js';
import { swarmHome } from './store-location.js';

const Provider = t.keyof({ claude: null, codex: null, anthropic: null, sim: null }, 'one of claude, codex, anthropic, sim');
export type Provider = t.TypeOf<typeof Provider>;

const NonNegative = t.refinement(t.number, (n) => n >= 0 && Number.isFinite(n), 'a number ≥ 0');
const Positive = t.refinement(t.number, (n) => n > 0 && Number.isFinite(n), 'a number > 0');
const WholePositive = t.refinement(t.number, (n) => Number.isInteger(n) && n > 0, 'a whole number > 0');
const WholeNonNegative = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
const Fraction = t.refinement(t.number, (n) => n > 0 && n <= 1, 'a fraction in (0, 1]');

/** Per-role overrides: `agents.<role>.…` (the role's defaults are in agents/roles.ts). */
const AgentSettings = t.partial({
  model: t.string,
  provider: Provider,
  /** Agent-loop turns per run: `claude --max-turns`, the Messages API loop, Codex tool steps. */
  maxTurns: WholePositive,
  /** This role's per-run token cap, instead of `tokens.sessionMax`. */
  sessionMaxTokens: WholePositive,
});

/** Overrides of one built-in cron job (processes/scheduler/scheduled-jobs.ts): on or off, another time, more grace. */
const JobSettings = t.partial({ enabled: t.boolean, cron: t.string, graceSeconds: WholeNonNegative });
export type JobSettings = t.TypeOf<typeof JobSettings>;

/** A file's place inside a run's HOME: relative, and never climbing out of it. */
const isPathInHome = (p: string) => p !== '' && !p.startsWith('/') && !p.split('/').includes('..');
const HomeFiles = t.refinement(t.record(t.string, t.string), (files) => Object.keys(files).every(isPathInHome), 'an object whose keys are relative paths inside HOME (no leading / and no ..)');

/** Slack user ids (`U…`, `W…`) → the operator a decision from Slack is recorded under. */
const SlackAllowedUsers = t.refinement(t.record(t.string, t.string), (users) => Object.keys(users).every((id) => /^[UW][A-Z0-9]{2,20}$/.test(id)), 'an object of Slack user ids (U012AB3CD) to operator names');

/** Every setting, with the swarm-era defaults of the original (inventory §10, OPERATIONS.md values). */
export const SwarmConfigCodec = t.type({
  tokens: t.type({
    /** Tokens per agent per UTC day; 0 = unlimited. */
    dailyBudgetPerAgent: NonNegative,
    /** Tokens per UTC day for the whole swarm; 0 = unlimited. */
    dailyBudgetSwarm: NonNegative,
    /** Tokens one run may use (cache reads aside) before it is stopped and its task handed back. */
    sessionMax: WholePositive,
    warningThreshold: Fraction,
  }),
  supervisor: t.type({
    maxConcurrentAgents: Positive,
    /** The restart backoff's base: after n consecutive failed runs an agent waits min(delay × 2^n, max). */
    restartDelaySeconds: NonNegative,
    maxRestartDelaySeconds: NonNegative,
    sessionCapSeconds: Positive,
    progressTimeoutSeconds: Positive,
  }),
  tasks: t.type({ leaseSeconds: Positive, maxAttempts: Positive, maxFixRounds: Positive }),
  locks: t.type({ ttlSeconds: Positive }),
  governance: t.type({ quorum: Positive, threshold: Fraction, proposalExpiryHours: Positive }),
  llm: t.type({
    defaultProvider: Provider,
    fallbackProvider: t.union([Provider, t.null], 'one of claude, codex, anthropic, sim, or null'),
    autoFallbackOnRateLimit: t.boolean,
    /** The environment variable whose value (a driver name) overrides the provider, e.g. `SWARM_LLM_PROVIDER=codex`. */
    manualOverrideEnv: t.string,
  }),
  agents: t.record(t.string, AgentSettings),
  scheduler: t.type({ jobs: t.record(t.string, JobSettings) }),
  /**
   * What agent sandboxes may see beyond their run (SPEC §6 "Containment"): more read-only paths (a toolchain outside
   * /usr, a CLI installed elsewhere), and files bound read-only into each run's fresh HOME — a path inside HOME → a
   * file on this host, e.g. {".claude/.credentials.json": "/home/me/.claude/.credentials.json"} for a Claude Code
   * login, {".codex/auth.json": …} for Codex.
   */
  sandbox: t.type({ readOnlyPaths: t.array(t.string), homeFiles: HomeFiles }),
  /**
   * Slack (issue 19; the tokens come from the environment or the secrets port): who may decide from Slack besides
   * `swarm operator add NAME --slack U…`, and the channel (SLACK_CHANNEL wins).
   */
  slack: t.partial({ allowedUsers: SlackAllowedUsers, channel: t.string }),
});
export type SwarmConfig = t.TypeOf<typeof SwarmConfigCodec>;

export const defaultConfig: SwarmConfig = {
  tokens: { dailyBudgetPerAgent: 0, dailyBudgetSwarm: 0, sessionMax: 200_000, warningThreshold: 0.7 },
  supervisor: {
    maxConcurrentAgents: 8,
    restartDelaySeconds: 10,
    maxRestartDelaySeconds: 300,
    sessionCapSeconds: 3600,
    progressTimeoutSeconds: 600,
  },
  // Leases are short and renewed every third of their length while a run is alive (issue 17): a task whose
  // `swarm up` died is back in the queue within a minute, not after 15.
  tasks: { leaseSeconds: 45, maxAttempts: 3, maxFixRounds: 3 },
  locks: { ttlSeconds: 300 },
  governance: { quorum: 3, threshold: 0.6, proposalExpiryHours: 72 },
  llm: { defaultProvider: 'claude', fallbackProvider: 'codex', autoFallbackOnRateLimit: true, manualOverrideEnv: 'SWARM_LLM_PROVIDER' },
  agents: {},
  scheduler: { jobs: {} },
  sandbox: { readOnlyPaths: [], homeFiles: {} },
  slack: {},
};

/** Environment variables that override a setting (the settings people change most often), with the setting. */
export const environmentOverrides: readonly { readonly variable: string; readonly setting: string }[] = [
  { variable: 'SWARM_DAILY_TOKEN_BUDGET', setting: 'tokens.dailyBudgetPerAgent' },
  { variable: 'SWARM_SESSION_MAX_TOKENS', setting: 'tokens.sessionMax' },
  { variable: 'SWARM_MAX_CONCURRENT_AGENTS', setting: 'supervisor.maxConcurrentAgents' },
];

/** Where an effective setting came from. */
export type SettingSource =
  | { readonly kind: 'default' }
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'environment'; readonly variable: string };

export interface LoadedConfig {
  readonly config: SwarmConfig;
  /** The config file looked at (`SWARM_CONFIG`, else `$SWARM_HOME/config.json`) and whether it exists. */
  readonly file: string;
  readonly fileFound: boolean;
  /** Each setting's source, by dotted path (`tokens.sessionMax`, `agents.builder.maxTurns` …); absent = default. */
  readonly sources: Readonly<Record<string, SettingSource>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const deepMerge = (base: unknown, over: unknown): unknown => {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
};

/** The dotted paths of the values (leaves) of a nested object. */
export const leafPaths = (value: unknown, prefix = ''): string[] =>
  isObject(value) && Object.keys(value).length > 0
    ? Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k))
    : prefix
      ? [prefix]
      : [];

const setPath = (target: Record<string, unknown>, path: string, value: unknown) => {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) at = (at[key] = isObject(at[key]) ? at[key] : {}) as Record<string, unknown>;
  at[keys[keys.length - 1]!] = value;
};

/**
 * A key the codec does not know, as a dotted path with the keys accepted there: a misspelt or retired setting is a
 * config error, never silently ignored (issue 13: every setting works or is gone).
 */
const unknownSetting = (codec: t.Mixed, value: unknown, path: string): { field: string; accepted: readonly string[] } | undefined => {
  if (!isObject(value)) return undefined;
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) {
    const props = codec.props as Record<string, t.Mixed>;
    for (const [key, inner] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const type = props[key];
      if (!type) return { field: at, accepted: Object.keys(props) };
      const found = unknownSetting(type, inner, at);
      if (found) return found;
    }
  } else if (codec instanceof t.DictionaryType) {
    for (const [key, inner] of Object.entries(value)) {
      const found = unknownSetting(codec.codomain as t.Mixed, inner, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
};

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Rules between settings, and names the codec cannot know: the first problem, naming the field. */
const crossCheck = (c: SwarmConfig): { field: string; message: string } | undefined => {
  const role = Object.keys(c.agents).find((name) => !(agentNames as readonly string[]).includes(name));
  if (role !== undefined) return { field: `agents.${role}`, message: `"${role}" is not an agent role (${agentNames.join(', ')})` };
  if (c.supervisor.maxRestartDelaySeconds < c.supervisor.restartDelaySeconds)
    return {
      field: 'supervisor.maxRestartDelaySeconds',
      message: `${c.supervisor.maxRestartDelaySeconds} is below supervisor.restartDelaySeconds (${c.supervisor.restartDelaySeconds}); the backoff cannot end below where it starts`,
    };
  if (!variableName.test(c.llm.manualOverrideEnv))
    return { field: 'llm.manualOverrideEnv', message: `expected the name of an environment variable (letters, digits and _), got ${JSON.stringify(c.llm.manualOverrideEnv)}` };
  return undefined;
};

/**
 * The typed configuration with the source of each setting: defaults, then `$SWARM_HOME/config.json` (or
 * `SWARM_CONFIG`), then environment overrides; validated once at start, with an error naming the bad field. A key
 * that is not a setting is an error too.
 */
export const loadConfigWithSources = (env: NodeJS.ProcessEnv = process.env): Either<string, LoadedConfig> => {
  const file = env.SWARM_CONFIG || join(swarmHome(env), 'config.json');
  const fileFound = existsSync(file);
  let fromFile: unknown = {};
  if (fileFound) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      return left(`config ${file}: not valid JSON (${(e as Error).message})`);
    }
    if (!isObject(fromFile)) return left(`config ${file}: expected a JSON object of settings`);
  } else if (env.SWARM_CONFIG) return left(`config ${file}: file not found (SWARM_CONFIG)`);

  const unknown = unknownSetting(SwarmConfigCodec, fromFile, '');
  if (unknown) return left(`config ${file}: ${unknown.field}: not a setting (accepted here: ${unknown.accepted.join(', ')})`);

  const sources: Record<string, SettingSource> = {};
  for (const path of leafPaths(fromFile)) sources[path] = { kind: 'file', file };
  const fromEnv: Record<string, unknown> = {};
  for (const { variable, setting } of environmentOverrides) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) return left(`config: ${variable}: expected a number (for ${setting}), got ${JSON.stringify(raw)}`);
    setPath(fromEnv, setting, value);
    sources[setting] = { kind: 'environment', variable };
  }

  const decoded = SwarmConfigCodec.decode(deepMerge(deepMerge(defaultConfig, fromFile), fromEnv));
  const where = (field: string) => {
    const source = sources[field];
    return source?.kind === 'environment' ? `config (${source.variable})` : `config ${file}`;
  };
  if (isLeft(decoded)) {
    const problem = describeValidationError(decoded.left[0]!);
    return left(`${where(problem.field)}: ${problem.message}`);
  }
  const problem = crossCheck(decoded.right);
  if (problem) return left(`${where(problem.field)}: ${problem.field}: ${problem.message}`);
  return right({ config: decoded.right, file, fileFound, sources });
};

/** The typed configuration (see loadConfigWithSources). */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Either<string, SwarmConfig> => {
  const loaded = loadConfigWithSources(env);
  return isLeft(loaded) ? loaded : right(loaded.right.config);
};
