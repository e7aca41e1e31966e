import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { Logger } from '../../infra/logging/logger.js';
import { allProjections } from '../../projections/all-projections.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import type { ApiContext } from './api-context.js';

/** What the server pushes on `/ws` (the contract with the app). */
export type LiveMessage =
  | { readonly type: 'hello'; readonly position: number; readonly simulated: boolean; readonly driver: string; readonly unsandboxed: boolean }
  | { readonly type: 'changed'; readonly position: number; readonly eventTypes: readonly string[]; readonly streams: readonly string[] };

export interface LiveUpdates {
  /** Follows the log from its head now (a server built before its read models were current starts when it listens). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A stream's category: the part of its name before the first `-` (`task-01J…` → `task`). */
const categoryOf = (stream: string): string => stream.split('-', 1)[0]!;

/**
 * A browser lets any page open a WebSocket to 127.0.0.1 (there is no CORS for WebSockets), so a connection that
 * says it comes from a page of another origin is refused; tools without an Origin header are let in.
 */
const sameOrigin = (request: FastifyRequest): boolean => {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
};

/**
 * Live updates (no polling): the server follows the log with a subscription; when events land it first catches the
 * read models up (so the app's refetch sees them), then tells every open socket which event types and stream
 * categories changed. Events that land while a batch is being handled go out together in the next message.
 */
export const liveUpdates = async (app: FastifyInstance, ctx: ApiContext, log: Logger): Promise<LiveUpdates> => {
  const { runtime } = ctx;
  const sockets = new Set<{ send(data: string): void; readyState: number; close(code?: number, reason?: string): void }>();
  const broadcast = (message: LiveMessage) => {
    const text = JSON.stringify(message);
    for (const socket of sockets) if (socket.readyState === 1) socket.send(text);
  };

  app.get('/ws', { websocket: true, schema: { hide: true } }, async (socket, request) => {
    if (!sameOrigin(request)) {
      socket.close(1008, 'cross-origin connections are refused');
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Client messages are not commands: commands go through the authenticated HTTP routes.
    socket.on('message', () => undefined);
    socket.send(JSON.stringify({ type: 'hello', position: await runtime.log.headPosition(), simulated: ctx.simulated, driver: ctx.driver, unsandboxed: ctx.unsandboxed?.() === true } satisfies LiveMessage));
  });

  let pending: RecordedEvent[] = [];
  let flushing: Promise<void> | undefined;
  let closed = false;

  const flush = async () => {
    while (pending.length > 0 && !closed) {
      // Let the rest of an append (several events) arrive before catching up, so it goes out as one change.
      await new Promise((r) => setImmediate(r));
      const batch = pending;
      pending = [];
      try {
        await catchUp(runtime.log, runtime.projections, allProjections);
      } catch (e) {
        // Each query catches up for itself anyway: say what failed, and still tell the app to refetch.
        log.warn({ err: (e as Error).message }, 'dashboard: read-model catch-up failed');
      }
      broadcast({
        type: 'changed',
        position: batch[batch.length - 1]!.position,
        eventTypes: [...new Set(batch.map((e) => e.type))],
        streams: [...new Set(batch.map((e) => categoryOf(e.stream)))],
      });
    }
  };

  let followed: { subscription: ReturnType<typeof runtime.log.subscribeToAll>; following: Promise<void> } | undefined;
  const follow = (subscription: ReturnType<typeof runtime.log.subscribeToAll>) => async () => {
    try {
      for await (const message of subscription) {
        if (message.kind !== 'event') continue;
        pending.push(message.event);
        flushing ??= flush().finally(() => (flushing = undefined));
      }
    } catch (e) {
      if (!closed) log.error({ err: (e as Error).message }, 'dashboard: the log subscription ended');
    }
  };

  return {
    start: async () => {
      if (followed || closed) return;
      const subscription = runtime.log.subscribeToAll({ fromPosition: await runtime.log.headPosition() });
      followed = { subscription, following: follow(subscription)() };
    },
    close: async () => {
      closed = true;
      await followed?.subscription.close();
      await followed?.following;
      await flushing;
      for (const socket of sockets) socket.close(1001, 'server stopping');
    },
  };
};
