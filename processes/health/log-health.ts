// Whether the log answers, as one process sees it (issue M point 5). A remote log (EventStoreDB) can go away for a
// while — a node restart, a leader election, a network cut — and the swarm keeps running meanwhile: subscribers
// reopen with backoff, and a person is told "log unreachable since …" instead of staring at figures that stopped.
import type { EventStore } from '../../domain/log/event-store.js';

/** What `swarm status`, `/health`, `/api/status` and the dashboard say about the log. */
export interface LogHealth {
  readonly reachable: boolean;
  /** When this process (or the `swarm up` that noticed first) last found the log answering no more; null when reachable. */
  readonly unreachableSince: string | null;
  /** Why the last probe failed (the client's own message), when it did. */
  readonly error?: string;
}

export const reachableLog: LogHealth = { reachable: true, unreachableSince: null };

/** The next health after a probe: an outage keeps the time it started until the log answers again. */
export const afterProbe = (before: LogHealth, probe: ProbeOutcome, at: string): LogHealth =>
  probe.ok ? reachableLog : { reachable: false, unreachableSince: before.unreachableSince ?? at, error: probe.error };

export type ProbeOutcome = { readonly ok: true; readonly head: number } | { readonly ok: false; readonly error: string };

/**
 * Asks the log for its head, giving up after `timeoutMs`: a client that waits for a node to come back (or a network
 * that drops packets) must not hold a status or a health check for longer than a person waits.
 */
export const probeLog = async (log: EventStore, timeoutMs: number): Promise<ProbeOutcome> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([
      log.headPosition().then(
        (head): ProbeOutcome => ({ ok: true, head }),
        (error: unknown): ProbeOutcome => ({ ok: false, error: error instanceof Error ? error.message || error.name : String(error) }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
};

export interface LogHealthWatch {
  current(): LogHealth;
  stop(): void;
}

export interface LogHealthWatchOptions {
  /** Between the end of one probe and the start of the next. */
  readonly everyMs: number;
  readonly timeoutMs: number;
  readonly now: () => string;
  /** Called when the log goes away or comes back (not on every probe). */
  readonly onChange?: (health: LogHealth) => void;
}

/**
 * Probes the log for as long as it runs, one probe at a time (a probe that hangs past its timeout is not joined by
 * more), and keeps the latest health for the dashboard and the status.
 */
export const watchLogHealth = (log: EventStore, options: LogHealthWatchOptions): LogHealthWatch => {
  let health = reachableLog;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const probe = async () => {
    const outcome = await probeLog(log, options.timeoutMs);
    if (stopped) return;
    const next = afterProbe(health, outcome, options.now());
    const changed = next.reachable !== health.reachable;
    health = next;
    if (changed) options.onChange?.(health);
    schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => void probe(), options.everyMs);
    timer.unref();
  };
  schedule();
  return {
    current: () => health,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
};
