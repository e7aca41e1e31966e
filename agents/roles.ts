import { agentNames, agentRoles, type AgentName } from '../domain/agent/roles.js';
import { roleOfAgent } from '../domain/task/task-rules.js';
import type { DriverName } from './drivers/driver.js';

/** A text shared between roles, appended to the role prompt of the roles it concerns (`prompts/<name>.md`). */
export type SharedText = 'shared-behaviours' | 'quality-gate' | 'test-fix-loop';

/** Everything the dispatcher needs to know about one of the ten roles to start a run for it (SPEC §6). */
export interface RoleProfile {
  readonly name: AgentName;
  readonly taskTypes: readonly string[];
  /** Opus for the roles that need deep reasoning, Sonnet for execution-focused ones; `agents.<name>.model` overrides. */
  readonly defaultModel: 'opus' | 'sonnet';
  /**
   * Agent-loop turns per run (`claude --max-turns`, the `anthropic` driver's loop, tool steps of `codex exec`): a runaway
   * run stops here. `agents.<name>.maxTurns` overrides it.
   */
  readonly maxTurns: number;
  /** The prompt file under `prompts/`. */
  readonly promptFile: string;
  /** Shared texts appended after the role prompt, in this order. */
  readonly sharedTexts: readonly SharedText[];
  /**
   * Environment variables this role may receive besides its provider's key (exact names; a name ending in `*` is a
   * prefix). Everything else stays out of the run (W-23: the original gave every agent every secret).
   */
  readonly secrets: readonly string[];
}

/** The default session token cap (inventory §10 `tokens.session_max`, unenforced in the original: W-12). */
export const defaultSessionMaxTokens = 200_000;

const everyone: readonly SharedText[] = ['shared-behaviours'];
const gated: readonly SharedText[] = ['shared-behaviours', 'quality-gate'];
const inTheLoop: readonly SharedText[] = ['shared-behaviours', 'quality-gate', 'test-fix-loop'];

const profile = (name: AgentName, maxTurns: number, sharedTexts: readonly SharedText[], secrets: readonly string[] = []): RoleProfile => ({
  name,
  taskTypes: agentRoles[name].taskTypes,
  defaultModel: agentRoles[name].defaultModel,
  maxTurns,
  promptFile: `${name}.md`,
  sharedTexts,
  secrets,
});

export const roles: Readonly<Record<AgentName, RoleProfile>> = {
  // The Hunter reads marketplaces; the Apify token is its alone (the original injected it into every agent).
  hunter: profile('hunter', 40, everyone, ['APIFY_TOKEN', 'APIFY_API_TOKEN', 'APIFY_API_KEY']),
  critic: profile('critic', 20, everyone),
  pm: profile('pm', 30, everyone),
  builder: profile('builder', 80, inTheLoop),
  reviewer: profile('reviewer', 40, inTheLoop),
  tester: profile('tester', 60, inTheLoop),
  // Only the Publisher touches the sales and deployment platforms, and only behind the human gate.
  // No platform token: the Publisher asks the swarm to publish (`swarm publish`), which holds them (issue 18).
  publisher: profile('publisher', 40, gated),
  meta: profile('meta', 40, everyone),
  liaison: profile('liaison', 15, everyone),
  // No GitHub token either: the swarm talks to GitHub for Support (`swarm github monitor|reply`).
  support: profile('support', 20, everyone),
};

export const roleNames: readonly AgentName[] = agentNames;

/** The role of an agent identity (`builder`, or an instance such as `builder-2`); the rule lives with the task rules. */
export const roleOf = roleOfAgent;

/** The parts of the swarm configuration a role's settings depend on (structurally the config's `agents` and `tokens`). */
export interface RoleConfig {
  readonly agents?: Readonly<
    Record<string, { readonly model?: string | undefined; readonly maxTurns?: number | undefined; readonly sessionMaxTokens?: number | undefined } | undefined>
  >;
  readonly tokens?: { readonly sessionMax?: number | undefined };
}

export interface RoleSettings {
  readonly model: string;
  /** Agent-loop turns per run; every driver is given it (RunRequest.maxTurns). */
  readonly maxTurns: number;
  /** Tokens one run may use before the dispatcher stops it and hands its task back. */
  readonly sessionMaxTokens: number;
}

/**
 * The model, turn limit and per-run token cap of a role: `agents.<name>.model`, `agents.<name>.maxTurns` and
 * `agents.<name>.sessionMaxTokens` when set, else the role's defaults and `tokens.sessionMax`.
 */
export const roleSettings = (role: AgentName, config: RoleConfig = {}): RoleSettings => {
  const own = config.agents?.[role];
  return {
    model: own?.model || roles[role].defaultModel,
    maxTurns: own?.maxTurns ?? roles[role].maxTurns,
    sessionMaxTokens: own?.sessionMaxTokens ?? config.tokens?.sessionMax ?? defaultSessionMaxTokens,
  };
};

/**
 * The key (and endpoint) variables each driver's provider reads. The base URLs are not secret but are how a run is
 * pointed at a proxy or, in tests, at a local fake API; the driver needs them next to the key.
 */
export const providerSecrets: Readonly<Record<DriverName, readonly string[]>> = {
  claude: ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_BASE_URL'],
  anthropic: ['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL'],
  codex: ['OPENAI_API_KEY', 'CODEX_API_KEY', 'OPENAI_BASE_URL'],
  sim: [],
};

const allowed = (patterns: readonly string[], name: string): boolean =>
  patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));

/**
 * The subset of `env` a run of this role may receive: the role's own secrets plus the key of the provider the run
 * uses (a fallback run on another provider gets that provider's key instead). Unset or empty values are left out.
 */
export const roleSecrets = (role: AgentName, env: Readonly<Record<string, string | undefined>>, provider: DriverName): Record<string, string> => {
  const patterns = [...roles[role].secrets, ...providerSecrets[provider]];
  const subset: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value && allowed(patterns, name)) subset[name] = value;
  return subset;
};
