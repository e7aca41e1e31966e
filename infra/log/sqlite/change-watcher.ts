/**
 * Wakes subscribers when the log changes: at once for appends made through this connection, and within one
 * poll period for appends made by other connections or processes (SQLite's `PRAGMA data_version` changes when
 * another connection commits, and reading it costs microseconds, so polling only while someone waits is cheap).
 */
export interface ChangeStamp {
  readonly local: number;
  readonly data: number;
}

export class ChangeWatcher {
  private local = 0;
  private lastData: number;
  private readonly waiters = new Set<{ stamp: ChangeStamp; wake: () => void }>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly label: string,
    private readonly dataVersion: () => number,
    private readonly pollIntervalMs: number,
  ) {
    this.lastData = dataVersion();
  }

  /** Take a stamp before reading; `wait(stamp)` then returns as soon as anything was committed after it. */
  stamp(): ChangeStamp {
    return { local: this.local, data: this.stopped ? this.lastData : (this.lastData = this.dataVersion()) };
  }

  notifyLocal(): void {
    this.local += 1;
    this.wakeChanged();
  }

  wait(stamp: ChangeStamp, signal?: { aborted: boolean; onAbort: (f: () => void) => void }): Promise<void> {
    if (this.stopped || signal?.aborted || stamp.local !== this.local || stamp.data !== this.lastData) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { stamp, wake: resolve };
      this.waiters.add(waiter);
      signal?.onAbort(() => {
        this.waiters.delete(waiter);
        resolve();
      });
      this.ensurePolling();
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const w of this.waiters) w.wake();
    this.waiters.clear();
  }

  private ensurePolling(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => {
      if (this.waiters.size === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
        return;
      }
      this.lastData = this.dataVersion();
      this.wakeChanged();
    }, this.pollIntervalMs);
  }

  private wakeChanged(): void {
    for (const w of [...this.waiters]) {
      if (w.stamp.local !== this.local || w.stamp.data !== this.lastData) {
        this.waiters.delete(w);
        w.wake();
      }
    }
  }

  toString(): string {
    return `ChangeWatcher(${this.label})`;
  }
}
