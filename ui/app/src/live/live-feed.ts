/// <reference lib="dom" />
// One WebSocket for the whole app. The server says which stream categories changed as events land; each view
// subscribes to the categories its data depends on and refetches only then. No polling: when the socket drops, it
// reconnects (with a growing pause) and every view refetches once, since it may have missed changes meanwhile.

export interface Hello {
  readonly type: 'hello';
  readonly position: number;
  readonly simulated: boolean;
  readonly driver: string;
  /** Agents run without a sandbox (older servers do not say). */
  readonly unsandboxed?: boolean;
}

export interface Changed {
  readonly type: 'changed';
  readonly position: number;
  readonly eventTypes: readonly string[];
  readonly streams: readonly string[];
}

/** Stream categories (the part of a stream name before the first `-`), or '*' for every change. */
export type Categories = readonly string[] | '*';

type Listener = (change: Changed | undefined) => void;

interface Subscription {
  readonly categories: Categories;
  readonly listener: Listener;
}

class LiveFeed {
  private socket: WebSocket | undefined;
  private readonly subscriptions = new Set<Subscription>();
  private readonly helloListeners = new Set<(hello: Hello) => void>();
  private retryMs = 250;
  private everOpened = false;
  hello: Hello | undefined;
  position = 0;

  /** Calls `listener` after each change touching one of `categories` (and after a reconnect); returns an unsubscribe. */
  subscribe(categories: Categories, listener: Listener): () => void {
    const subscription = { categories, listener };
    this.subscriptions.add(subscription);
    this.connect();
    return () => this.subscriptions.delete(subscription);
  }

  onHello(listener: (hello: Hello) => void): () => void {
    this.helloListeners.add(listener);
    if (this.hello) listener(this.hello);
    this.connect();
    return () => this.helloListeners.delete(listener);
  }

  private connect(): void {
    if (this.socket) return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 250;
      // After a reconnect every view may be stale; on the first connection they have just loaded.
      if (this.everOpened) for (const s of [...this.subscriptions]) s.listener(undefined);
      this.everOpened = true;
    };
    socket.onmessage = (message) => this.receive(message.data);
    socket.onclose = () => {
      this.socket = undefined;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
  }

  private receive(raw: unknown): void {
    let message: Hello | Changed;
    try {
      message = JSON.parse(String(raw));
    } catch {
      return;
    }
    if (message.type === 'hello') {
      this.hello = message;
      this.position = message.position;
      for (const listener of [...this.helloListeners]) listener(message);
      return;
    }
    if (message.type !== 'changed') return;
    this.position = Math.max(this.position, message.position);
    for (const s of [...this.subscriptions]) {
      if (s.categories === '*' || message.streams.some((c) => s.categories.includes(c))) s.listener(message);
    }
  }
}

export const liveFeed = new LiveFeed();
