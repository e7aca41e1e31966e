// `npm run bench:log`: our embedded store against raw better-sqlite3 doing the same work, in the same run, on the
// same machine. Each figure is the median of several runs; ours and raw alternate run by run so drift hits both.
// Prints progress to stderr and, as its last stdout line, one JSON object (rates in events per second).
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { EventData } from '../domain/log/envelope.js';
import type { EventStore } from '../domain/log/event-store.js';
import { createSqliteEventStore } from '../infra/log/sqlite/sqlite-event-store.js';
import { configureConnection, createSchema, type Synchronous } from '../infra/log/sqlite/sqlite-schema.js';
import { newEventId } from '../infra/log/event-ids.js';
import { rawInsertBatch, rawInsertOne, rawReadAll } from './bench-log-raw.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = mkdtempSync(join(tmpdir(), 'swarmlog-bench-'));
let dbCounter = 0;
const freshPath = () => join(root, `bench-${++dbCounter}.db`);
const log = (msg: string) => process.stderr.write(`${msg}\n`);

const metadata = { correlationId: 'bench', causationId: 'bench', actor: { kind: 'system' as const, id: 'bench' }, at: '2026-11-24T00:00:00.000Z', schemaVersion: 1 };
const makeEvent = (i: number): EventData => ({ id: newEventId(), type: 'Bench', data: { i, text: 'payload' }, metadata });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (x: number) => Math.round(x);
const ratio = (ours: number, raw: number) => Math.round((ours / raw) * 100) / 100;

const openRaw = (path: string, synchronous: Synchronous) => {
  const db = new Database(path, { timeout: 60_000 });
  configureConnection(db, synchronous);
  createSchema(db);
  return db;
};

/** Runs `ours` and `raw` alternately RUNS times; each returns events per second. */
const compare = async (label: string, ours: () => Promise<number>, raw: () => Promise<number>) => {
  const o: number[] = [];
  const r: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    o.push(await ours());
    r.push(await raw());
    log(`  ${label} run ${run + 1}/${RUNS}: ours ${round(o[run]!)}/s, raw ${round(r[run]!)}/s`);
  }
  const oursMedian = median(o);
  const rawMedian = median(r);
  return { ours: round(oursMedian), raw: round(rawMedian), ratio: ratio(oursMedian, rawMedian) };
};

const appendSingle = (synchronous: Synchronous, count: number) =>
  compare(
    `appendSingle${synchronous === 'FULL' ? 'Full' : 'Normal'}`,
    async () => {
      const store = createSqliteEventStore({ path: freshPath(), synchronous });
      const events = Array.from({ length: count }, (_, i) => makeEvent(i));
      const t = performance.now();
      for (let i = 0; i < count; i++) await store.append(`s-${i % 100}`, [events[i]!]);
      const rate = count / ((performance.now() - t) / 1000);
      await store.close();
      return rate;
    },
    async () => {
      const db = openRaw(freshPath(), synchronous);
      const events = Array.from({ length: count }, (_, i) => makeEvent(i));
      const t = performance.now();
      for (let i = 0; i < count; i++) rawInsertOne(db, `s-${i % 100}`, events[i]!);
      const rate = count / ((performance.now() - t) / 1000);
      db.close();
      return rate;
    },
  );

const appendBatch = (batches: number) =>
  compare(
    'appendBatch100',
    async () => {
      const store = createSqliteEventStore({ path: freshPath() });
      const all = Array.from({ length: batches }, (_, b) => Array.from({ length: 100 }, (_, i) => makeEvent(b * 100 + i)));
      const t = performance.now();
      for (let b = 0; b < batches; b++) await store.append(`b-${b % 50}`, all[b]!);
      const rate = (batches * 100) / ((performance.now() - t) / 1000);
      await store.close();
      return rate;
    },
    async () => {
      const db = openRaw(freshPath(), 'FULL');
      const all = Array.from({ length: batches }, (_, b) => Array.from({ length: 100 }, (_, i) => makeEvent(b * 100 + i)));
      const t = performance.now();
      for (let b = 0; b < batches; b++) rawInsertBatch(db, `b-${b % 50}`, all[b]!);
      const rate = (batches * 100) / ((performance.now() - t) / 1000);
      db.close();
      return rate;
    },
  );

const readAll = async (events: number) => {
  const path = freshPath();
  const seed = openRaw(path, 'NORMAL');
  for (let b = 0; b < events / 1000; b++) rawInsertBatch(seed, `r-${b % 200}`, Array.from({ length: 1000 }, (_, i) => makeEvent(i)));
  seed.close();
  const store: EventStore = createSqliteEventStore({ path });
  const db = openRaw(path, 'NORMAL');
  const result = await compare(
    'readAll',
    async () => {
      const t = performance.now();
      let n = 0;
      for await (const _ of store.readAll()) n++;
      if (n !== events) throw new Error(`read ${n} of ${events}`);
      return n / ((performance.now() - t) / 1000);
    },
    async () => {
      const t = performance.now();
      const n = rawReadAll(db);
      if (n !== events) throw new Error(`read ${n} of ${events}`);
      return n / ((performance.now() - t) / 1000);
    },
  );
  await store.close();
  db.close();
  return result;
};

const workerPath = fileURLToPath(new URL('./bench-log-worker.ts', import.meta.url));

interface WorkerHandle {
  go(): void;
  lines: AsyncIterable<string>;
  done: Promise<string[]>;
}

const startWorker = (args: string[]): Promise<WorkerHandle> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', workerPath, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    const received: string[] = [];
    const listeners: ((line: string) => void)[] = [];
    let buffer = '';
    let ready = false;
    const done = new Promise<string[]>((res, rej) =>
      child.on('close', (code) => (code === 0 ? res(received) : rej(new Error(`bench worker exited with ${code}`)))),
    );
    child.on('error', reject);
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!ready && line === 'ready') {
          ready = true;
          resolve({
            go: () => child.stdin.write('go\n'),
            done,
            lines: {
              async *[Symbol.asyncIterator]() {
                let i = 0;
                for (;;) {
                  if (i < received.length) yield received[i++]!;
                  else {
                    const more = await Promise.race([new Promise<boolean>((r) => listeners.push(() => r(true))), done.then(() => false)]);
                    if (!more && i >= received.length) return;
                  }
                }
              },
            },
          });
        } else if (ready) {
          received.push(line);
          listeners.splice(0).forEach((l) => l(line));
        }
      }
    });
  });

const multiProcess = async (processes: number, perProcess: number) => {
  const run = async (mode: 'ours' | 'raw') => {
    const path = freshPath();
    openRaw(path, 'FULL').close();
    const workers = await Promise.all(Array.from({ length: processes }, () => startWorker([mode, path, String(perProcess)])));
    const t = performance.now();
    workers.forEach((w) => w.go());
    const outputs = await Promise.all(workers.map((w) => w.done));
    const seconds = (performance.now() - t) / 1000;
    const results = outputs.map((lines) => JSON.parse(lines[lines.length - 1]!) as { errors: number });
    const check = new Database(path, { readonly: true });
    const stored = check.prepare('SELECT count(*) FROM events').pluck().get() as number;
    check.close();
    const errors = results.reduce((n, r) => n + r.errors, 0) + Math.abs(processes * perProcess - stored);
    return { rate: stored / seconds, errors };
  };
  const o: number[] = [];
  const r: number[] = [];
  let errors = 0;
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
    const ours = await run('ours');
    const raw = await run('raw');
    o.push(ours.rate);
    r.push(raw.rate);
    errors += ours.errors;
    log(`  multiProcess${processes} run ${i + 1}: ours ${round(ours.rate)}/s (${ours.errors} errors), raw ${round(raw.rate)}/s (${raw.errors} errors)`);
  }
  return { ours: round(median(o)), raw: round(median(r)), ratio: ratio(median(o), median(r)), errors };
};

const crossProcessLatency = async (samples: number) => {
  const path = freshPath();
  const store = createSqliteEventStore({ path });
  const probe = await startWorker(['probe', path, String(samples), '15']);
  const sub = store.subscribeToAll({ fromPosition: 'end', filter: { eventTypes: ['Probe'] } });
  const seenAt = new Map<number, number>();
  const reading = (async () => {
    for await (const m of sub) {
      if (m.kind !== 'event') continue;
      seenAt.set((m.event.data as { i: number }).i, performance.timeOrigin + performance.now());
      if (seenAt.size === samples) return;
    }
  })();
  // Wait until the subscription is live before the probe starts appending.
  await new Promise((r) => setTimeout(r, 100));
  probe.go();
  const committed = new Map<number, number>();
  for await (const line of probe.lines) {
    const msg = JSON.parse(line) as { i?: number; committedAt?: number; done?: boolean };
    if (msg.i !== undefined) committed.set(msg.i, msg.committedAt!);
    if (msg.done) break;
  }
  await reading;
  await sub.close();
  await store.close();
  const latencies = [...committed].map(([i, at]) => Math.max(0, seenAt.get(i)! - at));
  return { p50: Math.round(percentile(latencies, 50) * 10) / 10, p95: Math.round(percentile(latencies, 95) * 10) / 10 };
};

try {
  log(`bench:log — ${RUNS} runs per figure, temp dir ${root}`);
  const appendSingleFull = await appendSingle('FULL', Number(process.env.BENCH_SINGLE_FULL ?? 600));
  const appendSingleNormal = await appendSingle('NORMAL', Number(process.env.BENCH_SINGLE_NORMAL ?? 4000));
  const appendBatch100 = await appendBatch(Number(process.env.BENCH_BATCHES ?? 500));
  const readAllResult = await readAll(Number(process.env.BENCH_READ_EVENTS ?? 200_000));
  const multiProcess4 = await multiProcess(4, Number(process.env.BENCH_MP_PER_PROCESS ?? 500));
  log('  crossProcessLatency: 200 probes from another process');
  const crossProcessLatencyMs = await crossProcessLatency(200);
  console.log(JSON.stringify({ appendSingleFull, appendSingleNormal, appendBatch100, readAll: readAllResult, multiProcess4, crossProcessLatencyMs }));
} finally {
  rmSync(root, { recursive: true, force: true });
}
