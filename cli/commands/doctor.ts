import { isLeft } from 'fp-ts/lib/Either.js';
import { loadConfigWithSources } from '../../infra/config/swarm-config.js';
import { isDriverName } from '../../agents/drivers/driver-registry.js';
import { chooseDriverName } from '../../processes/swarm/llm-choice.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { runChecks, type Check } from '../doctor/doctor-checks.js';
import { embeddedLogFile } from '../../infra/config/store-location.js';
import { probeLog } from '../../processes/health/log-health.js';
import { statusProbeTimeoutMs } from './status.js';
import { driverChoiceSettings } from '../swarm-settings.js';

export const usage = 'swarm doctor [--driver sim|claude|codex|anthropic] [--json]   (what the swarm needs and what is missing, with the command that fixes it; exit 1 when something required is missing)';

const marks: Readonly<Record<Check['status'], string>> = { ok: 'ok', warn: 'WARN', missing: 'MISSING', info: '-' };
const groupTitles: Readonly<Record<Check['group'], string>> = {
  required: 'Required',
  agents: 'Agents (sandbox and LLMs)',
  optional: 'Optional tools',
  integrations: 'Integrations (settings set or unset; values are never shown)',
  store: 'Store and disk',
};

/**
 * A log on a server (EventStoreDB / KurrentDB) is asked for its head: the swarm cannot run without it, so a server
 * that does not answer is missing (connecting creates nothing). The embedded log is a file, checked as such.
 */
const withServerProbe = async (ctx: CliContext, checks: Check[]): Promise<Check[]> => {
  if (embeddedLogFile(ctx.storeUrl)) return checks;
  const where = ctx.storeUrl.replace(/\/\/[^@/]*@/, '//…@');
  const probe = await probeLog(await ctx.store(), statusProbeTimeoutMs);
  const store: Check = probe.ok
    ? { name: 'store', group: 'store', status: 'ok', detail: `${where}: the server answers (head position ${probe.head})` }
    : { name: 'store', group: 'store', status: 'missing', detail: `${where}: the server does not answer (${probe.error})`, fix: 'start the EventStoreDB / KurrentDB server, or correct SWARM_STORE (the connection string)' };
  const at = checks.findIndex((c) => c.group === 'store');
  return [...checks.slice(0, at), store, ...checks.slice(at)];
};

/**
 * Checks what the swarm needs (Node 20+, the SQLite binding, a writable SWARM_HOME, a valid config) and what is
 * optional (bubblewrap — required once an LLM driver is configured —, the LLM CLIs or API key, Chromium, each
 * integration's settings), the store and the free disk. Never opens (or creates) the store.
 */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, { driver: { type: 'string' } });
  if (positionals.length) throw badInput(`unexpected argument "${positionals[0]}"`, { field: 'arguments' });
  if (v.driver !== undefined && !isDriverName(v.driver)) throw badInput(`--driver: expected sim, claude, codex or anthropic, got "${v.driver}"`, { field: '--driver' });
  const loaded = loadConfigWithSources(ctx.env);
  const configError = isLeft(loaded) ? loaded.left : undefined;
  const chosen = isLeft(loaded)
    ? ({ name: 'sim', why: 'the config does not validate' } as const)
    : chooseDriverName(v.driver, ctx.env, driverChoiceSettings(loaded.right));
  if ('error' in chosen) throw badInput(chosen.error);
  const checks = await withServerProbe(ctx, runChecks({ env: ctx.env, home: ctx.home, storeUrl: ctx.storeUrl, driver: chosen, ...(configError ? { configError } : {}) }));
  const missing = checks.filter((c) => c.status === 'missing');
  const warnings = checks.filter((c) => c.status === 'warn');
  const ok = missing.length === 0;
  if (f.json) ctx.out(JSON.stringify({ ok, home: ctx.home, store: ctx.storeUrl, driver: chosen.name, checks }));
  else {
    ctx.out(`swarm doctor — ${ctx.home}`);
    for (const group of Object.keys(groupTitles) as Check['group'][]) {
      const inGroup = checks.filter((c) => c.group === group);
      if (!inGroup.length) continue;
      ctx.out('');
      ctx.out(`${groupTitles[group]}:`);
      for (const c of inGroup) ctx.out(`  ${marks[c.status].padEnd(7)} ${c.name.padEnd(13)} ${c.detail}`);
    }
    ctx.out('');
    if (missing.length || warnings.length) {
      ctx.out(missing.length ? 'To fix (required first):' : 'Worth fixing:');
      for (const c of [...missing, ...warnings]) if (c.fix) ctx.out(`  ${c.status === 'missing' ? 'MISSING' : 'WARN'} ${c.name}: ${c.fix}`);
    }
    ctx.out(ok ? `Ready: everything required is here${warnings.length ? ` (${warnings.length} warning${warnings.length > 1 ? 's' : ''})` : ''}. Start with \`npm start\` or \`swarm up\`.` : `Not ready: ${missing.map((c) => c.name).join(', ')} missing.`);
  }
  if (!ok) ctx.setExitCode(1);
};
