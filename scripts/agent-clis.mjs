// The real agent harnesses for the tests (issue 14): Claude Code and Codex at pinned versions, installed when missing
// into a cache outside the product's dependencies (together ~800 MB, which no user of `npm install` should download).
// `npm test` runs this as it installs Chromium and bubblewrap; the driver tests find the executables through it.
//
//   node scripts/agent-clis.mjs          installs what is missing, prints the cache folder
//   node scripts/agent-clis.mjs --check  installs nothing; exits 1 when a CLI is missing
//
// The cache: $SWARM_AGENT_CLIS_DIR, else $XDG_CACHE_HOME/swarmlog/agent-clis, else ~/.cache/swarmlog/agent-clis.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The versions the tests run (README "Agent harnesses"). */
export const pinnedAgentClis = Object.freeze({
  claude: { package: '@anthropic-ai/claude-code', version: '2.1.332', bin: 'claude' },
  codex: { package: '@openai/codex', version: '0.171.0', bin: 'codex' },
});

export const agentClisDir = (env = process.env) =>
  env.SWARM_AGENT_CLIS_DIR
    ? resolve(env.SWARM_AGENT_CLIS_DIR)
    : join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'swarmlog', 'agent-clis');

const installedVersion = (dir, pkg) => {
  try {
    return JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
};

/** Each pinned CLI: where its executable is and whether the pinned version is there. */
export const agentClis = (dir = agentClisDir()) =>
  Object.fromEntries(
    Object.entries(pinnedAgentClis).map(([name, cli]) => {
      const bin = join(dir, 'node_modules', '.bin', cli.bin);
      const version = installedVersion(dir, cli.package);
      return [name, { ...cli, bin, installed: version === cli.version && existsSync(bin), installedVersion: version }];
    }),
  );

/** Installs the pinned CLIs that are missing (npm, into the cache's own private package). */
export const ensureAgentClis = ({ dir = agentClisDir(), log = console.log } = {}) => {
  const before = agentClis(dir);
  const missing = Object.values(before).filter((cli) => !cli.installed);
  if (missing.length === 0) return { dir, clis: before, installed: [] };
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) {
    writeFileSync(manifest, `${JSON.stringify({ name: 'swarmlog-agent-clis', private: true, description: 'agent CLIs for the swarmlog tests' }, null, 2)}\n`);
  }
  const specs = Object.values(pinnedAgentClis).map((cli) => `${cli.package}@${cli.version}`);
  log(`installing the agent CLIs for the tests (${specs.join(', ')}) into ${dir} (npm, ~800 MB, once)…`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', '--loglevel=error', ...specs], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    // The cache is its own package: the project's npm settings and engines do not apply.
    env: { ...process.env, npm_config_engine_strict: 'false' },
  });
  const after = agentClis(dir);
  if (result.status !== 0) log(`npm install of the agent CLIs failed (exit ${result.status}): the tests that run them will fail`);
  return { dir, clis: after, installed: missing.map((cli) => cli.package) };
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const dir = agentClisDir();
  const { clis } = check ? { clis: agentClis(dir) } : ensureAgentClis({ dir });
  for (const [name, cli] of Object.entries(clis)) {
    console.log(`${name} ${cli.installed ? cli.version : `missing (want ${cli.version}${cli.installedVersion ? `, found ${cli.installedVersion}` : ''})`}: ${cli.bin}`);
  }
  console.log(dir);
  process.exit(Object.values(clis).every((cli) => cli.installed) ? 0 : 1);
}
