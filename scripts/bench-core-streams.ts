// Streams that never end, for `npm run bench:core` (issue 21 point 6): the p95 of an agent's heartbeat command on a
// fresh stream, then after `heartbeats` more heartbeats on the same stream, through the real command layer on the
// embedded log. The bulk is appended straight to the log in batches (a million commands one by one would take the
// benchmark a quarter of an hour); the first command after it folds the whole stream once and leaves a snapshot, as
// the commands of a live swarm leave one every 100 events; its time is printed beside the p95s.
import { isLeft } from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCliContext } from '../cli/cli-context.js';
import type { EventData } from '../domain/log/envelope.js';
import { recordHeartbeat } from '../processes/commands/agent-commands.js';
import type { SwarmRuntime } from '../processes/commands/runtime.js';
import { sqliteStoreUrl } from './bench-core-seed.js';
import { log, percentile, round } from './bench-core-stats.js';

export interface StreamFigures {
  readonly heartbeats: number;
  readonly freshP95Ms: number;
  readonly agedP95Ms: number;
  /** agedP95Ms / freshP95Ms: the target is ≤ 2. */
  readonly ratio: number;
  readonly firstAfterBulkMs: number;
  readonly samples: number;
}

/** Times `samples` heartbeat commands of one agent, 30 s of its clock apart (each one appends). */
const timeCommands = async (runtime: SwarmRuntime, clock: { t: number }, samples: number): Promise<number[]> => {
  const caller = { actor: { kind: 'agent' as const, id: 'tester' } };
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    clock.t += 30_000;
    const started = performance.now();
    const r = await recordHeartbeat(runtime, caller, { agent: 'tester' });
    ms.push(performance.now() - started);
    if (isLeft(r)) throw new Error(r.left.message);
  }
  return ms;
};

export const streamCommandBench = async (root: string, heartbeats: number, samples: number): Promise<StreamFigures> => {
  const home = mkdtempSync(join(root, 'streams-'));
  try {
    const path = join(home, 'swarm.db');
    const ctx = createCliContext({ ...process.env, SWARM_HOME: home, SWARM_STORE: sqliteStoreUrl(path, 'NORMAL'), SWARM_AGENT: '' });
    const base = await ctx.runtime();
    const clock = { t: Date.parse('2026-01-01T00:00:00.000Z') };
    const runtime: SwarmRuntime = { ...base, now: () => new Date(clock.t).toISOString() };
    const fresh = await timeCommands(runtime, clock, samples);
    log(`  streams: fresh agent stream, p95 ${round(percentile(fresh, 95), 2)} ms over ${samples} heartbeats; appending ${heartbeats} more`);
    const metadata = { correlationId: 'bench', causationId: 'bench', actor: { kind: 'agent' as const, id: 'tester' }, at: new Date(clock.t).toISOString(), schemaVersion: 1 };
    for (let done = 0; done < heartbeats; ) {
      const n = Math.min(5000, heartbeats - done);
      const batch: EventData[] = Array.from({ length: n }, () => ((clock.t += 30_000), { id: base.newEventId(), type: 'AgentHeartbeat', data: { at: new Date(clock.t).toISOString() }, metadata }));
      const r = await runtime.log.append('agent-tester', batch, { expectedRevision: 'any' });
      if (isLeft(r)) throw new Error(r.left.message);
      done += n;
    }
    const first = await timeCommands(runtime, clock, 1);
    const aged = await timeCommands(runtime, clock, samples);
    await ctx.close();
    const freshP95Ms = round(percentile(fresh, 95), 2);
    const agedP95Ms = round(percentile(aged, 95), 2);
    log(`  streams: after ${heartbeats} heartbeats, first command ${round(first[0]!, 1)} ms (folds the stream, leaves a snapshot), then p95 ${agedP95Ms} ms`);
    return { heartbeats, freshP95Ms, agedP95Ms, ratio: round(agedP95Ms / freshP95Ms, 2), firstAfterBulkMs: round(first[0]!, 1), samples };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
};
