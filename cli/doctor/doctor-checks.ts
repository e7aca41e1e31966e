import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, statfsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { embeddedLogFile, hostStateDir } from '../../infra/config/store-location.js';
import { probeBubblewrap } from '../../infra/sandbox/sandbox-probe.js';
import { harnessFit, harnessRanges } from '../../agents/drivers/harness-versions.js';
import { commandOnPath } from '../../infra/host/command-on-path.js';

/**
 * `ok`: present and working. `warn`: missing or odd, and the swarm still runs (without that feature).
 * `missing`: the swarm cannot run as configured: `swarm doctor` exits 1. `info`: a fact (a setting, a size).
 */
export type CheckStatus = 'ok' | 'warn' | 'missing' | 'info';

export interface Check {
  /** What was checked, in a word or two (`node`, `sqlite`, `bubblewrap`, `slack` …). */
  readonly name: string;
  readonly group: 'required' | 'agents' | 'optional' | 'integrations' | 'store';
  readonly status: CheckStatus;
  readonly detail: string;
  /** The command (or setting) that fixes it, for a warning or a missing piece. */
  readonly fix?: string;
}

export interface DoctorInput {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly storeUrl: string;
  /** The driver `swarm up` would use and why (sim unless an LLM is configured). */
  readonly driver: { readonly name: string; readonly why: string };
  /** The config file's problem, when it does not validate. */
  readonly configError?: string;
  readonly nodeVersion?: string;
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
const size = (bytes: number) => (bytes >= 1024 ** 3 ? gib(bytes) : bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);

/** Runs `command --version` without a shell; the first line of its answer, or why it could not run. */
const versionOf = (command: string): { ok: true; version: string } | { ok: false; reason: string } => {
  const r = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  if (r.error) return { ok: false, reason: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : r.error.message };
  if (r.status !== 0) return { ok: false, reason: `exit code ${r.status}: ${(r.stderr || r.stdout).trim().split('\n')[0] ?? ''}` };
  return { ok: true, version: (r.stdout || r.stderr).trim().split('\n')[0] ?? '' };
};

export const checkNode = (version = process.versions.node): Check => {
  const major = Number(version.split('.')[0]);
  return major >= 20
    ? { name: 'node', group: 'required', status: 'ok', detail: `v${version} (20 or later needed)` }
    : { name: 'node', group: 'required', status: 'missing', detail: `v${version}: swarmlog needs Node 20 or later`, fix: 'install Node 20+ (e.g. https://nodejs.org, or `nvm install 22`), then `npm install`' };
};

export const checkSqlite = (): Check => {
  try {
    const require = createRequire(import.meta.url);
    const Database = require('better-sqlite3') as new (path: string) => { prepare(sql: string): { get(): unknown }; close(): void };
    const db = new Database(':memory:');
    const row = db.prepare('select sqlite_version() as v').get() as { v: string };
    db.close();
    return { name: 'sqlite', group: 'required', status: 'ok', detail: `the better-sqlite3 binding loads (SQLite ${row.v})` };
  } catch (e) {
    return {
      name: 'sqlite',
      group: 'required',
      status: 'missing',
      detail: `the better-sqlite3 binding does not load: ${(e as Error).message.split('\n')[0]}`,
      fix: '`npm rebuild better-sqlite3` in the swarmlog folder (needs a C++ toolchain: `sudo apt-get install build-essential python3`)',
    };
  }
};

/** The nearest folder at or above `path` that exists. */
const nearestExisting = (path: string): string => {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
};

export const checkHome = (home: string, env: NodeJS.ProcessEnv): Check => {
  const where = env.SWARM_HOME ? `SWARM_HOME=${home}` : `${home} (the default: SWARM_HOME is not set)`;
  const target = nearestExisting(home);
  try {
    if (!statSync(target).isDirectory()) throw new Error(`${target} is a file, not a folder`);
    accessSync(target, constants.W_OK);
    return { name: 'swarm home', group: 'required', status: 'ok', detail: `${where}, writable${existsSync(home) ? '' : ` (made by the first \`swarm up\`, in ${target})`}` };
  } catch (e) {
    return {
      name: 'swarm home',
      group: 'required',
      status: 'missing',
      detail: `${where} is not writable: ${(e as Error).message}`,
      fix: `set SWARM_HOME to a folder you can write (e.g. \`export SWARM_HOME=$HOME/.swarmlog\`), or \`sudo chown -R $USER ${target}\``,
    };
  }
};

/** Whether bubblewrap can make a sandbox, with the executable `swarm up` uses (`SWARM_BWRAP`, default `bwrap`). */
export const checkBubblewrap = (driver: { name: string; why: string }, probe: () => ReturnType<typeof probeBubblewrap> = probeBubblewrap): Check => {
  const found = probe();
  const llm = driver.name !== 'sim';
  if (found.ok) return { name: 'bubblewrap', group: 'agents', status: 'ok', detail: 'bwrap can make a sandbox: every agent process runs inside one' };
  const fix = /not installed/.test(found.reason)
    ? '`sudo apt-get install bubblewrap`'
    : 'allow unprivileged user namespaces (`sudo sysctl -w kernel.unprivileged_userns_clone=1`, or `kernel.apparmor_restrict_unprivileged_userns=0` on Ubuntu), or run outside this container';
  return {
    name: 'bubblewrap',
    group: 'agents',
    status: llm ? 'missing' : 'warn',
    detail: llm
      ? `${found.reason}. The ${driver.name} driver (${driver.why}) runs real LLM agents: swarm up refuses them without a sandbox (--unsafe-no-sandbox overrides, on a throwaway machine only)`
      : `${found.reason}. The simulated agents still run (unsandboxed); an LLM driver would be refused`,
    fix,
  };
};

export const checkChromium = (env: NodeJS.ProcessEnv): Check => {
  const path = env.SWARM_CHROMIUM || '/usr/bin/chromium';
  const from = env.SWARM_CHROMIUM ? 'SWARM_CHROMIUM' : 'the default path';
  if (!existsSync(path))
    return { name: 'chromium', group: 'optional', status: 'warn', detail: `${path} (${from}) not found: browser work (Gumroad publishing by browser, the browser tests) cannot run`, fix: '`sudo apt-get install chromium`, or set SWARM_CHROMIUM to a Chromium executable' };
  const v = versionOf(path);
  return v.ok
    ? { name: 'chromium', group: 'optional', status: 'ok', detail: `${v.version} (${path})` }
    : { name: 'chromium', group: 'optional', status: 'warn', detail: `${path} does not start: ${v.reason}`, fix: '`sudo apt-get install --reinstall chromium`, or set SWARM_CHROMIUM' };
};

/** Whether `swarm` is typed as is here: `npm install` does not put it on the PATH (`npm link` does). */
export const checkCliOnPath = (env: NodeJS.ProcessEnv): Check => {
  const found = commandOnPath('swarm', env);
  return found
    ? { name: 'swarm cli', group: 'optional', status: 'ok', detail: `swarm on the PATH (${found})` }
    : // Said, not warned: `npx swarm …` in the folder works as well.
      { name: 'swarm cli', group: 'optional', status: 'info', detail: 'swarm is not on the PATH: type npx swarm … in the swarmlog folder, or run `npm link` there once' };
};

/** The LLM CLIs and the API key: which real drivers could run; the one chosen must be there. */
export const checkLlms = (env: NodeJS.ProcessEnv, driver: { name: string; why: string }): Check[] => {
  const cli = (name: 'claude' | 'codex', variable: string, install: string): Check => {
    const command = env[variable] || name;
    const v = versionOf(command);
    const chosen = driver.name === name;
    if (v.ok) {
      // Outside the versions the driver is known to read (README "Agent harnesses"): a warning with the tested one.
      const { fit, note } = harnessFit(name, v.version);
      const range = harnessRanges[name];
      const outside = fit === 'older' || fit === 'newer' || fit === 'unknown';
      return {
        name,
        group: 'agents',
        status: outside ? 'warn' : 'ok',
        detail: `${command}: ${v.version} — ${note}${chosen ? ` (the driver: ${driver.why})` : ''}`,
        ...(outside ? { fix: `npm install -g ${range.package}@${range.tested}` } : {}),
      };
    }
    return {
      name,
      group: 'agents',
      status: chosen ? 'missing' : 'info',
      detail: `${command}${env[variable] ? ` (${variable})` : ''}: ${v.reason}${chosen ? `; it is the driver (${driver.why})` : '; the driver is not used'}`,
      fix: `${install}, or set ${variable} to its path`,
    };
  };
  const key = env.ANTHROPIC_API_KEY ? 'set' : 'unset';
  const api: Check =
    key === 'set'
      ? { name: 'anthropic api', group: 'agents', status: 'ok', detail: `ANTHROPIC_API_KEY set${driver.name === 'anthropic' ? ` (the driver: ${driver.why})` : ''}` }
      : {
          name: 'anthropic api',
          group: 'agents',
          status: driver.name === 'anthropic' ? 'missing' : 'info',
          detail: `ANTHROPIC_API_KEY unset${driver.name === 'anthropic' ? `; the anthropic driver is chosen (${driver.why})` : ''}`,
          fix: 'export ANTHROPIC_API_KEY=…',
        };
  const drivers: Check = {
    name: 'driver',
    group: 'agents',
    status: 'info',
    detail:
      driver.name === 'sim'
        ? `sim: the agents are simulated (${driver.why}); \`swarm up --driver claude|codex|anthropic\` or SWARM_DRIVER runs real ones`
        : `${driver.name} (${driver.why})`,
  };
  return [
    drivers,
    cli('claude', 'SWARM_CLAUDE_COMMAND', '`npm install -g @anthropic-ai/claude-code` and `claude login`'),
    cli('codex', 'SWARM_CODEX_COMMAND', '`npm install -g @openai/codex` and `codex login`'),
    api,
  ];
};

/** Each integration's settings, set or unset (never their values): what is configured and what it enables. */
export const integrations: readonly { name: string; needs: readonly (string | readonly string[])[]; also?: readonly string[]; enables: string }[] = [
  { name: 'slack', needs: ['SLACK_BOT_TOKEN', ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']], also: ['SLACK_PORT', 'SLACK_API_URL'], enables: 'approvals and /swarm commands in Slack' },
  { name: 'github', needs: ['GITHUB_TOKEN'], also: ['GITHUB_API_URL', 'SWARM_GITHUB_REPOS', 'SWARM_GITHUB_RELEASES_REPO'], enables: "Support's issue monitor (SWARM_GITHUB_REPOS) and releases (SWARM_GITHUB_RELEASES_REPO)" },
  { name: 'gumroad', needs: ['GUMROAD_ACCESS_TOKEN'], also: ['GUMROAD_API_URL'], enables: 'publishing to Gumroad and recording its sales' },
  { name: 'npm', needs: ['NPM_TOKEN'], enables: 'publishing packages to npm' },
  { name: 'vercel', needs: ['VERCEL_TOKEN'], also: ['VERCEL_API_URL', 'VERCEL_TEAM_ID'], enables: 'deploying to Vercel' },
  { name: 'aws ssm', needs: ['SWARM_SSM_PREFIX', 'AWS_REGION'], also: ['AWS_ENDPOINT_URL_SSM', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'SWARM_SSM_REFRESH_SECONDS'], enables: 'secrets from AWS SSM Parameter Store (`swarm secrets check` reads them)' },
  { name: 'qdrant', needs: ['QDRANT_URL'], also: ['QDRANT_API_KEY', 'QDRANT_COLLECTION'], enables: 'long-term memory in Qdrant instead of the embedded index' },
];

export const checkIntegrations = (env: NodeJS.ProcessEnv): Check[] =>
  integrations.map((i) => {
    const isSet = (v: string) => Boolean(env[v]);
    const met = i.needs.every((n) => (typeof n === 'string' ? isSet(n) : n.some(isSet)));
    const names = [...i.needs.flatMap((n) => (typeof n === 'string' ? [n] : n)), ...(i.also ?? [])];
    const states = names.map((n) => `${n} ${isSet(n) ? 'set' : 'unset'}`).join(', ');
    const anySet = names.some(isSet);
    const missingNames = i.needs.filter((n) => (typeof n === 'string' ? !isSet(n) : !n.some(isSet))).map((n) => (typeof n === 'string' ? n : n.join(' or ')));
    if (met) return { name: i.name, group: 'integrations', status: 'ok', detail: `${states}: ${i.enables}` };
    return {
      name: i.name,
      group: 'integrations',
      // Half configured is worth a warning; not configured at all is a plain fact (each integration is optional).
      status: anySet ? 'warn' : 'info',
      detail: `${states}${anySet ? `: incomplete, ${i.enables} needs ${missingNames.join(' and ')}` : ` (optional: ${i.enables})`}`,
      fix: `export ${missingNames.map((n) => `${n.split(' or ')[0]}=…`).join(' ')}`,
    } satisfies Check;
  });

/** statfs `type` of the network file systems SQLite must not be kept on (Linux magic numbers). */
const networkFileSystems: ReadonlyMap<number, string> = new Map([
  [0x6969, 'NFS'],
  [0x517b, 'SMB'],
  [0xff534d42, 'CIFS'],
  [0xfe534d42, 'SMB2'],
]);

/**
 * Whether the swarm's SQLite files (an embedded log and its read models, or a remote log's read models and memory
 * index) would sit on a network file system: SQLite's locking and write-ahead log are not safe there, and in a
 * deployment that shares `$SWARM_HOME` over NFS (EFS) each host keeps them in `SWARM_STATE_DIR` on its own disk.
 */
export const checkSqliteFolder = (folder: string, fileSystemType: number | undefined, embedded: boolean): Check => {
  const network = fileSystemType === undefined ? undefined : networkFileSystems.get(fileSystemType);
  if (!network) return { name: 'sqlite files', group: 'store', status: 'ok', detail: `${folder} (a local file system)` };
  return {
    name: 'sqlite files',
    group: 'store',
    // A warning, not a refusal: one host on a network home may get by, but WAL needs memory shared between the
    // processes of one machine, and hosts sharing the files would corrupt them.
    status: 'warn',
    detail: `${folder} is on ${network}: SQLite files (${embedded ? 'the embedded log and its read models' : 'the read models and the memory index'}) must not live on a network file system`,
    fix: embedded
      ? 'keep SWARM_HOME (or the sqlite: path of SWARM_STORE) on this host\'s own disk, or use EventStoreDB (SWARM_STORE=kurrentdb://…) with SWARM_STATE_DIR on a local folder'
      : 'export SWARM_STATE_DIR=<a folder on this host\'s own disk>',
  };
};

/** The store: where it is, whether it is there, how big; where its SQLite files go; the free disk under SWARM_HOME. */
export const checkStore = (home: string, storeUrl: string, env: NodeJS.ProcessEnv = process.env): Check[] => {
  const file = embeddedLogFile(storeUrl);
  const checks: Check[] = [];
  const sqliteFolder = file ? dirname(file) : hostStateDir(home, env);
  const typeOf = (folder: string): number | undefined => {
    try {
      return statfsSync(nearestExisting(folder)).type;
    } catch {
      return undefined;
    }
  };
  checks.push(checkSqliteFolder(sqliteFolder, typeOf(sqliteFolder), file !== undefined));
  // The log on a server is asked for its head by `swarm doctor` itself (cli/commands/doctor.ts); here, its read models.
  if (!file) checks.push({ name: 'read models', group: 'store', status: 'info', detail: `in ${sqliteFolder} (the log is on EventStoreDB: ${storeUrl.replace(/\/\/[^@/]*@/, '//…@')})` });
  else if (!existsSync(file))
    checks.push({ name: 'store', group: 'store', status: 'info', detail: `no log yet at ${file}: \`npm start\` in the swarmlog folder (or \`swarm up\`) creates it` });
  else {
    const folder = dirname(file);
    const base = file.replace(/\.db$/, '');
    const files = readdirSync(folder).filter((f) => join(folder, f).startsWith(base));
    const bytes = files.reduce((sum, f) => sum + statSync(join(folder, f)).size, 0);
    checks.push({ name: 'store', group: 'store', status: 'ok', detail: `${file}: ${size(bytes)} in ${files.length} files (log, read models, memory index)` });
  }
  const at = nearestExisting(home);
  try {
    const fs = statfsSync(at);
    const free = fs.bavail * fs.bsize;
    const low = free < 1024 ** 3;
    checks.push({
      name: 'disk',
      group: 'store',
      status: low ? 'warn' : 'ok',
      detail: `${gib(free)} free under ${at}${low ? ': runs, products and the log need room' : ''}`,
      ...(low ? { fix: 'free some space, or set SWARM_HOME to a larger disk' } : {}),
    });
  } catch (e) {
    checks.push({ name: 'disk', group: 'store', status: 'warn', detail: `free space under ${at} unknown: ${(e as Error).message}` });
  }
  return checks;
};

export const runChecks = (input: DoctorInput): Check[] => [
  checkNode(input.nodeVersion),
  checkSqlite(),
  checkHome(input.home, input.env),
  ...(input.configError
    ? [{ name: 'config', group: 'required', status: 'missing', detail: input.configError, fix: 'correct the file (`swarm config` shows every setting and where it came from)' } satisfies Check]
    : [{ name: 'config', group: 'required', status: 'ok', detail: 'the configuration validates' } satisfies Check]),
  checkBubblewrap(input.driver, () => probeBubblewrap(input.env.SWARM_BWRAP || 'bwrap')),
  ...checkLlms(input.env, input.driver),
  checkChromium(input.env),
  checkCliOnPath(input.env),
  ...checkIntegrations(input.env),
  ...checkStore(input.home, input.storeUrl, input.env),
];
