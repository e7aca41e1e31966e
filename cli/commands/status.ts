import { hostStateDir } from '../../infra/config/store-location.js';
import { readLogHealth } from '../../infra/health/log-health-file.js';
import { runningSwarmUps } from '../../infra/health/swarm-up-file.js';
import { probeLog, reachableLog, type LogHealth } from '../../processes/health/log-health.js';
import { swarmStatus, type SwarmStatus } from '../../processes/queries/swarm-status.js';
import { parseAsOf, readModel, type AsOf } from '../as-of.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { statusText } from '../status-text.js';

export const usage = 'swarm status [--as-of POSITION|ISO-TIME] [--json]   (agents, queue, human gates, governance, whether the log answers)';

/** How long a status waits for the log before it says the log is unreachable (a person is waiting at a terminal). */
export const statusProbeTimeoutMs = 5_000;

/**
 * The swarm at a glance. When the log does not answer, a status from another process cannot catch its read models
 * up: it says "log unreachable since …" — since when the `swarm up` running on this home has found it so (it writes
 * what it sees to `log-health.json` in `$SWARM_HOME`, or the host's `SWARM_STATE_DIR`), or since now when none runs — and shows the read models as this
 * host last caught them up. History (`--as-of`) is folded from the log itself, so it needs the log.
 */
export const currentStatus = async (ctx: CliContext, asOf?: AsOf): Promise<SwarmStatus> => {
  const rt = await ctx.runtime();
  const now = asOf && 'time' in asOf ? asOf.time : rt.now();
  if (asOf) return swarmStatus((p) => readModel(rt.log, rt.projections, p, asOf), now);
  const probe = await probeLog(rt.log, statusProbeTimeoutMs);
  const hostState = hostStateDir(ctx.home, ctx.env);
  const status = probe.ok
    ? await swarmStatus((p) => readModel(rt.log, rt.projections, p), now, reachableLog)
    : await (() => {
        const seen = readLogHealth(hostState);
        const log: LogHealth = { reachable: false, unreachableSince: seen && !seen.reachable ? seen.unreachableSince : now, error: probe.error };
        return swarmStatus((p) => Promise.resolve(rt.projections.reader(p.name)), now, log);
      })();
  // A swarm started with --unsafe-no-sandbox says so from its start, before any of its runs has recorded it.
  const unsandboxed = runningSwarmUps(hostState).filter((u) => u.sandbox === 'none').map((u) => u.pid);
  return unsandboxed.length ? { ...status, sandbox: { ...status.sandbox, unsandboxedSwarmUps: unsandboxed } } : status;
};

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f } = parseCommandArgs(argv, { 'as-of': { type: 'string' } });
  const status = await currentStatus(ctx, parseAsOf(v['as-of']));
  ctx.out(f.json ? JSON.stringify(status) : statusText(status));
};
