import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { swarmHome } from './store-location.js';

const Provider = t.keyof({ claude: null, codex: null, anthropic: null, sim: null });
export type Provider = t.TypeOf<typeof Provider>;

const NonNegative = t.refinement(t.number, (n) => n >= 0 && Number.isFinite(n), 'a number ≥ 0');
const Positive = t.refinement(t.number, (n) => n > 0 && Number.isFinite(n), 'a number > 0');
const Fraction = t.refinement(t.number, (n) => n > 0 && n <= 1, 'a fraction in (0, 1]');

/** Every setting, with the swarm-era defaults of the original (inventory §10, OPERATIONS.md values). */
export const SwarmConfigCodec = t.type({
  tokens: t.type({
    /** Tokens per agent per UTC day; 0 = unlimited. */
    dailyBudgetPerAgent: NonNegative,
    /** Tokens per UTC day for the whole swarm; 0 = unlimited. */
    dailyBudgetSwarm: NonNegative,
    sessionMax: Positive,
    warningThreshold: Fraction,
  }),
  supervisor: t.type({
    maxConcurrentAgents: Positive,
    restartDelaySeconds: NonNegative,
    maxRestartDelaySeconds: Positive,
    sessionCapSeconds: Positive,
    progressTimeoutSeconds: Positive,
  }),
  tasks: t.type({ leaseSeconds: Positive, maxAttempts: Positive, maxFixRounds: Positive }),
  locks: t.type({ ttlSeconds: Positive }),
  governance: t.type({ quorum: Positive, threshold: Fraction, proposalExpiryHours: Positive }),
  llm: t.type({
    defaultProvider: Provider,
    fallbackProvider: t.union([Provider, t.null]),
    autoFallbackOnRateLimit: t.boolean,
    manualOverrideEnv: t.string,
  }),
  agents: t.record(t.string, t.partial({ model: t.string, provider: Provider })),
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
  tasks: { leaseSeconds: 900, maxAttempts: 3, maxFixRounds: 3 },
  locks: { ttlSeconds: 300 },
  governance: { quorum: 3, threshold: 0.6, proposalExpiryHours: 72 },
  llm: { defaultProvider: 'claude', fallbackProvider: 'codex', autoFallbackOnRateLimit: true, manualOverrideEnv: 'SWARM_LLM_PROVIDER' },
  agents: {},
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const deepMerge = (base: unknown, over: unknown): unknown => {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
};

/** Environment overrides for the settings people change most often. */
const fromEnv = (env: NodeJS.ProcessEnv): Record<string, unknown> => {
  const num = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : Number(env[name]));
  return {
    tokens: { dailyBudgetPerAgent: num('SWARM_DAILY_TOKEN_BUDGET'), sessionMax: num('SWARM_SESSION_MAX_TOKENS') },
    supervisor: { maxConcurrentAgents: num('SWARM_MAX_CONCURRENT_AGENTS') },
  };
};

const stripUndefined = (v: unknown): unknown =>
  isObject(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, stripUndefined(x)])) : v;

/**
 * The typed configuration: defaults, then `$SWARM_HOME/config.json` (or `SWARM_CONFIG`), then environment
 * overrides; validated once at start, with an error naming each bad field.
 */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Either<string, SwarmConfig> => {
  const file = env.SWARM_CONFIG || join(swarmHome(env), 'config.json');
  let fromFile: unknown = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      return left(`config ${file}: not valid JSON (${(e as Error).message})`);
    }
  } else if (env.SWARM_CONFIG) return left(`config ${file}: file not found (SWARM_CONFIG)`);
  const merged = deepMerge(deepMerge(defaultConfig, fromFile), stripUndefined(fromEnv(env)));
  const decoded = SwarmConfigCodec.decode(merged);
  if (isLeft(decoded)) return left(`config ${file}: ${PathReporter.report(decoded).join('; ')}`);
  return right(decoded.right);
};
