import { removeLogHealth, writeLogHealth } from '../../infra/health/log-health-file.js';
import type { Logger } from '../../infra/logging/logger.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import { reachableLog, watchLogHealth, type LogHealth } from '../../processes/health/log-health.js';

/**
 * A probe a second keeps "log unreachable since …" within about a second of the truth; on SQLite each probe is one
 * indexed read of the local file, on EventStoreDB one small read of `$all`.
 */
export const logProbeEveryMs = 1_000;
/** A node that takes longer than this to give its head is as good as away for a person watching the dashboard. */
export const logProbeTimeoutMs = 3_000;

export interface UpLogHealth {
  current(): LogHealth;
  stop(): void;
}

/**
 * Watches the log for `swarm up`: each change is logged and written to `log-health.json` in the host's state folder
 * (`$SWARM_HOME`, or `SWARM_STATE_DIR`), where `swarm status` in another process on this host reads since when the
 * log has been away; the file goes at a clean stop.
 */
export const watchLogHealthForUp = (runtime: SwarmRuntime, stateDir: string, log: Logger): UpLogHealth => {
  const write = (health: LogHealth) => {
    try {
      writeLogHealth(stateDir, health, runtime.now());
    } catch (error) {
      log.warn({ err: error }, 'could not write log-health.json');
    }
  };
  write(reachableLog);
  const watch = watchLogHealth(runtime.log, {
    everyMs: logProbeEveryMs,
    timeoutMs: logProbeTimeoutMs,
    now: runtime.now,
    onChange: (health) => {
      if (health.reachable) log.info('the log answers again');
      else log.warn({ since: health.unreachableSince, error: health.error }, 'the log is unreachable');
      write(health);
    },
  });
  return {
    current: watch.current,
    stop: () => {
      watch.stop();
      removeLogHealth(stateDir);
    },
  };
};
