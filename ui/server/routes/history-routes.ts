import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { notFound } from '../../../domain/errors.js';
import type { RecordedEvent } from '../../../domain/log/envelope.js';
import { replayTimeline } from '../../../processes/queries/replay.js';
import { runsProjection } from '../../../projections/agents/runs-projection.js';
import { findRun } from '../../../projections/agents/queries.js';
import type { ApiContext } from '../api-context.js';
import type { ApiRoutes } from '../api-routes.js';
import { FreeText, IdString, NameString } from '../../../domain/limits/index.js';
import { WholeNumberText } from '../query-values.js';

const EventsQuery = t.partial({ from: WholeNumberText(0, Number.MAX_SAFE_INTEGER), limit: WholeNumberText(1, 1000), type: FreeText, stream: NameString });
const ReplayQuery = t.partial({ task: IdString, run: IdString, agent: IdString, correlation: IdString, as_of: NameString, limit: WholeNumberText(1, 100_000) });

/** What a run's prompt and output log may show at most, so one huge log cannot stall the page. */
export const runFileCap = 200 * 1024;

/**
 * A run's prompt or output log, read only when it lies under SWARM_HOME (a path recorded in an event is data, and
 * must never make the server read an arbitrary file). Long files show their start (prompt) or their end (output).
 */
const runFile = (home: string, path: string | undefined, keep: 'start' | 'end') => {
  if (!path) return { text: null, bytes: 0, truncated: false, missing: true };
  const root = existsSync(home) ? realpathSync(home) : resolve(home);
  const full = resolve(root, path);
  if (!existsSync(full)) return { text: null, bytes: 0, truncated: false, missing: true };
  const real = realpathSync(full);
  if (!real.startsWith(root + sep)) return { text: null, bytes: 0, truncated: false, missing: true, refused: 'outside SWARM_HOME' };
  const bytes = statSync(real).size;
  const length = Math.min(bytes, runFileCap);
  const buffer = Buffer.alloc(length);
  const fd = openSync(real, 'r');
  try {
    readSync(fd, buffer, 0, length, keep === 'end' ? bytes - length : 0);
  } finally {
    closeSync(fd);
  }
  return { text: buffer.toString('utf8'), bytes, truncated: bytes > length, missing: false };
};

/** Query names as the URL spells them. */
const queryField: Readonly<Record<string, string>> = { asOf: 'as_of' };

/** The log itself, causal replay, and what one run was given and wrote (SPEC §0.1). */
export const historyRoutes = (api: ApiRoutes, ctx: ApiContext): void => {
  api.read(
    '/api/events',
    { tag: 'history', summary: 'Events of the log after position `from`, oldest first (filter by type, comma-separated, or stream prefix)', query: EventsQuery },
    async ({ query }) => {
      if (query.type && query.stream) return left({ code: 'invalid' as const, message: 'type and stream cannot be combined (the log filters on one of them)', field: 'stream' });
      const limit = query.limit ?? 100;
      const filter = query.stream ? { streamPrefixes: [query.stream] } : query.type ? { eventTypes: query.type.split(',').map((s) => s.trim()).filter(Boolean) } : undefined;
      const events: RecordedEvent[] = [];
      for await (const e of ctx.runtime.log.readAll({ fromPosition: query.from ?? 0, maxCount: limit, ...(filter ? { filter } : {}) })) events.push(e);
      return right({ events, next: events.length > 0 ? events[events.length - 1]!.position : (query.from ?? 0), head: await ctx.runtime.log.headPosition() });
    },
  );

  api.read(
    '/api/replay',
    {
      tag: 'history',
      summary: 'The causal timeline of one task, run, agent or correlation id, each event with its data',
      description: 'as_of: a log position or an ISO time with its zone; only events at or before it are shown. Replay reads recorded history only.',
      query: ReplayQuery,
    },
    async ({ query }) => {
      const request = {
        ...(query.task !== undefined ? { task: query.task } : {}),
        ...(query.run !== undefined ? { run: query.run } : {}),
        ...(query.agent !== undefined ? { agent: query.agent } : {}),
        ...(query.correlation !== undefined ? { correlation: query.correlation } : {}),
        ...(query.as_of !== undefined ? { asOf: query.as_of } : {}),
        ...(query.limit !== undefined ? { limit: query.limit } : {}),
      };
      const timeline = await replayTimeline(ctx.runtime, request, { withData: true });
      if (timeline._tag === 'Left') {
        const e = timeline.left;
        const field = e.field && (queryField[e.field] ?? e.field);
        return left({ ...e, ...(field ? { field, message: e.field && e.message.startsWith(`${e.field}:`) ? `${field}:${e.message.slice(e.field.length + 1)}` : e.message } : {}) });
      }
      return right({ ...timeline.right, head: await ctx.runtime.log.headPosition() });
    },
  );

  api.read('/api/runs/:id', { tag: 'history', summary: "A run: what it was given (the stored prompt), what it wrote (its output log, last 200 KB), its tokens and outcome" }, async ({ params }) => {
    const run = findRun(await ctx.read(runsProjection), params.id!);
    if (!run) return left(notFound(`no run ${params.id}`, { field: 'id' }));
    const prompt = runFile(ctx.home, run.promptPath, 'start');
    const output = runFile(ctx.home, run.logPath, 'end');
    return right({
      run: { ...run, costUsd: run.costMicroUsd / 1_000_000 },
      prompt: prompt.text,
      promptBytes: prompt.bytes,
      promptTruncated: prompt.truncated,
      output: output.text,
      outputBytes: output.bytes,
      outputTruncated: output.truncated,
    });
  });
};
