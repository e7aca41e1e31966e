import { providerSecrets, roleSettings, roles } from '../../agents/roles.js';
import { agentNames } from '../../domain/agent/roles.js';
import { environmentOverrides, leafPaths, type SettingSource } from '../../infra/config/swarm-config.js';
import { defaultGraceSeconds } from '../../processes/scheduler/scheduled-jobs.js';
import { chooseDriverName } from '../../processes/swarm/llm-choice.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { table } from '../output.js';
import { configuredJobs, driverChoiceSettings, loadSettings } from '../swarm-settings.js';

export const usage = 'swarm config [--json]   (the effective configuration and where each value came from; secrets masked)';

/** One effective value and where it came from: `default`, `file` (which) or `environment` (which variable). */
export interface ConfigLine {
  readonly setting: string;
  readonly value: unknown;
  readonly source: 'default' | 'file' | 'environment';
  /** The file or the variable. */
  readonly from?: string;
  /** For a value that follows another setting (a role's token cap without its own: `tokens.sessionMax`), that setting; `source` is its source. */
  readonly follows?: string;
}

const secretLastWords = new Set(['token', 'key', 'apikey', 'secret', 'password', 'passwd', 'pwd', 'pass', 'credential', 'credentials', 'auth']);
const secretWords = new Set(['secret', 'password', 'passwd', 'credential', 'credentials', 'private']);
/** Values that are credentials whatever their name says (API keys, GitHub and Slack tokens, operator tokens). */
const secretValue = /^(sk-|sk_|ghp_|gho_|ghs_|github_pat_|xox[abpre]-|xapp-|swarm_op_|npm_)/;

/**
 * A name that looks like it holds a credential: its last word is token, key, secret, password … (`ANTHROPIC_API_KEY`,
 * `GITHUB_TOKEN`, `apiKey`), or it says secret, password or credentials anywhere (`AWS_SECRET_ACCESS_KEY`). Counts
 * are not secrets: `SWARM_DAILY_TOKEN_BUDGET`, `sessionMaxTokens`.
 */
export const looksSecret = (name: string): boolean => {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return secretLastWords.has(words[words.length - 1] ?? '') || words.some((w) => secretWords.has(w));
};

export const masked = '<set, masked>';

/** `scheme://user:password@host` → `scheme://user:***@host` (a store or Qdrant URL may carry a password). */
const maskUrlPassword = (value: string): string => value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+):[^@/\s]+@/i, '$1:***@');

const shownValue = (name: string, value: unknown): unknown => {
  if (value === '' || value === null || value === undefined) return value;
  if (looksSecret(name) || (typeof value === 'string' && secretValue.test(value))) return masked;
  return typeof value === 'string' ? maskUrlPassword(value) : value;
};

const line = (setting: string, value: unknown, source: SettingSource | undefined, follows?: string): ConfigLine => {
  const from = source?.kind === 'file' ? source.file : source?.kind === 'environment' ? source.variable : undefined;
  return { setting, value: shownValue(setting.split('.').pop()!, value), source: source?.kind ?? 'default', ...(from ? { from } : {}), ...(follows ? { follows } : {}) };
};

const get = (value: unknown, path: string): unknown => path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], value);

/** Prefixes of the variables of the swarm, its LLM providers and its integrations (SPEC §8). */
const integrationPrefixes = ['SWARM_', 'ANTHROPIC_', 'CLAUDE_', 'OPENAI_', 'CODEX_', 'GITHUB_', 'GH_', 'GUMROAD_', 'VERCEL_', 'NPM_', 'SLACK_', 'QDRANT_', 'APIFY_', 'AWS_'];

/** Environment variables the swarm reads besides the settings' overrides (names that are secrets get masked). */
const knownVariables = (manualOverrideEnv: string): string[] => {
  const names = new Set<string>(['SWARM_HOME', 'SWARM_STORE', 'SWARM_CONFIG', 'SWARM_DRIVER', manualOverrideEnv, ...environmentOverrides.map((o) => o.variable)]);
  for (const list of Object.values(providerSecrets)) for (const name of list) names.add(name);
  for (const role of Object.values(roles)) for (const name of role.secrets) if (!name.endsWith('*')) names.add(name);
  return [...names];
};

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { flags: f, positionals } = parseCommandArgs(argv, {});
  if (positionals.length > 0) throw badInput(`config: unexpected argument "${positionals[0]}"`);
  const env = ctx.env;
  const loaded = loadSettings(env);
  const { config, sources } = loaded;
  const jobs = configuredJobs(config, `config ${loaded.file}`);
  const driver = chooseDriverName(undefined, env, driverChoiceSettings(loaded));
  if ('error' in driver) throw badInput(driver.error);

  const settings: ConfigLine[] = [];
  // The fixed settings, in the order of the defaults (agents and scheduler.jobs are shown per role and per job below).
  const { agents: _perRole, scheduler: _perJob, ...fixed } = config;
  for (const path of leafPaths(fixed)) settings.push(line(path, get(config, path), sources[path]));
  for (const role of agentNames) {
    const own = config.agents[role] ?? {};
    const effective = roleSettings(role, config);
    const at = (key: string) => `agents.${role}.${key}`;
    settings.push(line(at('model'), effective.model, sources[at('model')]));
    if (own.provider !== undefined) settings.push(line(at('provider'), own.provider, sources[at('provider')]));
    settings.push(line(at('maxTurns'), effective.maxTurns, sources[at('maxTurns')]));
    settings.push(
      own.sessionMaxTokens !== undefined
        ? line(at('sessionMaxTokens'), effective.sessionMaxTokens, sources[at('sessionMaxTokens')])
        : line(at('sessionMaxTokens'), effective.sessionMaxTokens, sources['tokens.sessionMax'], 'tokens.sessionMax'),
    );
  }
  for (const job of jobs) {
    const at = (key: string) => `scheduler.jobs.${job.name}.${key}`;
    settings.push(line(at('enabled'), job.enabled !== false, sources[at('enabled')]));
    settings.push(line(at('cron'), job.schedule, sources[at('cron')]));
    settings.push(line(at('graceSeconds'), job.graceSeconds ?? defaultGraceSeconds, sources[at('graceSeconds')]));
  }

  const environment = [
    { variable: 'SWARM_HOME', value: ctx.home, source: env.SWARM_HOME ? 'environment' : 'default' },
    { variable: 'SWARM_STORE', value: maskUrlPassword(ctx.storeUrl), source: env.SWARM_STORE ? 'environment' : 'default' },
    ...knownVariables(config.llm.manualOverrideEnv)
      .filter((name) => name !== 'SWARM_HOME' && name !== 'SWARM_STORE' && env[name] !== undefined && env[name] !== '')
      .map((name) => ({ variable: name, value: shownValue(name, env[name]), source: 'environment' })),
  ];
  // What else is set and is meant for the swarm or its integrations (SPEC §8): SWARM_*, the providers', the platforms'.
  for (const name of Object.keys(env).sort())
    if (integrationPrefixes.some((p) => name.startsWith(p)) && env[name] && !environment.some((e) => e.variable === name))
      environment.push({ variable: name, value: shownValue(name, env[name]), source: 'environment' });

  const result = {
    configFile: { path: loaded.file, found: loaded.fileFound },
    driver: { name: driver.name, why: driver.why },
    settings,
    environment,
  };
  if (f.json) {
    ctx.out(JSON.stringify(result));
    return;
  }
  ctx.out(`config file: ${loaded.file}${loaded.fileFound ? '' : ' (not found: defaults apply)'}`);
  ctx.out(`driver:      ${driver.name} (${driver.why}) — what \`swarm up\` runs without --driver`);
  ctx.out('');
  ctx.out(
    table(
      settings.map((s) => {
        const source = s.from ? `${s.source} ${s.from}` : s.source;
        return { setting: s.setting, value: s.value === null ? 'null' : s.value, source: s.follows ? `follows ${s.follows} (${source})` : source };
      }),
      ['setting', 'value', 'source'],
      80,
    ),
  );
  ctx.out('');
  ctx.out(table(environment, ['variable', 'value', 'source'], 80));
};
