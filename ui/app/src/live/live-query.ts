/// <reference lib="dom" />
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeError } from '../api/client.js';
import { liveFeed, type Categories } from './live-feed.js';

/**
 * A view's data, loaded when its element connects and loaded again whenever the log changes in one of the
 * categories it depends on. Changes that land while a load is in flight cause exactly one more load after it, so a
 * burst of events never piles up requests and the last change is always shown.
 */
export class LiveQuery<T> implements ReactiveController {
  value: T | undefined;
  error: string | undefined;
  private unsubscribe: (() => void) | undefined;
  private inFlight = false;
  private again = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly categories: Categories,
    private readonly load: () => Promise<T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = liveFeed.subscribe(this.categories, () => void this.refresh());
    void this.refresh();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Loads now (or right after the load in flight): call it when the view's own filters change too. */
  async refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    try {
      do {
        this.again = false;
        try {
          this.value = await this.load();
          this.error = undefined;
        } catch (e) {
          this.error = describeError(e);
        }
        this.host.requestUpdate();
      } while (this.again);
    } finally {
      this.inFlight = false;
    }
  }
}
