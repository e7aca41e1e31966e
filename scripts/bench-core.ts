// `npm run bench:core`: the core paths of the swarm, each checked against its target — claim + complete in one and
// in 8 processes (exactly once, fair shares), a full rebuild of every read model from a 1,000,000-event log, an
// agent's command on a stream of 1,000,000 heartbeats, and the CLI's wall time against a bare Node start measured in
// the same run. The single-process claims and the rebuild are judged as ratios to baselines measured beside them
// (raw appends of the same events, a raw scan of the same log), their absolute figures printed alongside. Progress on stderr; the last stdout line is
// one JSON object. Environment: BENCH_RUNS (runs per claim figure, median), BENCH_REBUILD_EVENTS, BENCH_CLI_SAMPLES,
// BENCH_ONLY (comma-separated sections: single, multi, rebuild, streams, cli), BENCH_PROFILE=1 (profile every projection),
// BENCH_STREAM_HEARTBEATS, BENCH_STREAM_SAMPLES.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { claimCompleteMultiProcess, claimCompleteSingle, rawAppendPairs, type MultiProcessFigures } from './bench-core-claims.js';
import { cliLatency } from './bench-core-cli.js';
import { streamCommandBench } from './bench-core-streams.js';
import { profileProjections, rebuildBench } from './bench-core-rebuild.js';
import { log, median, round } from './bench-core-stats.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repo); // the claim workers and the bins are found relative to the repository

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SINGLE_TASKS = Number(process.env.BENCH_SINGLE_TASKS ?? 2000);
const SINGLE_TASKS_FULL = Number(process.env.BENCH_SINGLE_TASKS_FULL ?? 600);
const MULTI_TASKS = Number(process.env.BENCH_MULTI_TASKS ?? 2000);
const MULTI_TASKS_FULL = Number(process.env.BENCH_MULTI_TASKS_FULL ?? 800);
const REBUILD_EVENTS = Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000);
const CLI_TASKS = Number(process.env.BENCH_CLI_TASKS ?? 10_000);
const CLI_SAMPLES = Number(process.env.BENCH_CLI_SAMPLES ?? 15);
const STREAM_HEARTBEATS = Number(process.env.BENCH_STREAM_HEARTBEATS ?? 1_000_000);
const STREAM_SAMPLES = Number(process.env.BENCH_STREAM_SAMPLES ?? 300);
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const runs = (section: string) => !only || only.has(section);

const targets = {
  singleCyclesPerSec: 1000,
  multiCyclesPerSec: 800,
  minShare: 0.05,
  rebuildEventsPerSec: 150_000,
  // Ratios to baselines measured in the same run (this machine's speed swings up to 2× for minutes); these judge the
  // run, the absolute targets above are printed beside them. Calibrated on quiet full runs (2026-12-04 22:32–22:40,
  // README): rebuild 0.35, claims 0.116 / 0.147 / 0.135 (medians of three sections); each threshold sits at about
  // 0.7 of what the code does, so a slowdown of a third fails the run while the machine's own swings do not.
  rebuildVsRawScan: 0.25,
  claimVsRawAppend: 0.09,
  rebuildMinEvents: 1_000_000,
  cliRatio: 1.6,
  streamAgedVsFresh: 2,
};

const root = mkdtempSync(join(tmpdir(), 'swarmlog-bench-core-'));
const result: Record<string, unknown> = {};
const misses: string[] = [];

const medianOf = async (label: string, once: () => Promise<number>) => {
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    rates.push(await once());
    log(`  ${label} run ${i + 1}/${RUNS}: ${round(rates[i]!)} cycles/s`);
  }
  return round(median(rates));
};

const multiMedian = async (label: string, once: () => Promise<MultiProcessFigures>) => {
  const all: MultiProcessFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await once();
    all.push(r);
    log(`  ${label} run ${i + 1}/${RUNS}: ${round(r.cyclesPerSec)} cycles/s, ${r.doubleClaims} double, ${r.lost} lost, min share ${r.minShare.toFixed(3)}, ${r.errors} errors`);
  }
  // Correctness counts are summed over every run (one double claim in any run is a failure); the share is the worst.
  return {
    cyclesPerSec: round(median(all.map((r) => r.cyclesPerSec))),
    doubleClaims: all.reduce((n, r) => n + r.doubleClaims, 0),
    lost: all.reduce((n, r) => n + r.lost, 0),
    minShare: round(Math.min(...all.map((r) => r.minShare)), 3),
    errors: all.reduce((n, r) => n + r.errors, 0),
  };
};

try {
  log(`bench:core — ${RUNS} runs per claim figure, temp dir ${root}`);
  if (runs('single')) {
    // Each claim run beside a raw-append run of the same events (same minute, same machine state): the ratio is
    // what the target judges, the absolute figures are kept beside it.
    const ratios: number[] = [];
    const claims: number[] = [];
    const raws: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const raw = await rawAppendPairs(root, 'NORMAL', SINGLE_TASKS);
      const cycles = await claimCompleteSingle(root, 'NORMAL', SINGLE_TASKS);
      raws.push(raw);
      claims.push(cycles);
      ratios.push(cycles / raw);
      log(`  claimCompleteSingle NORMAL run ${i + 1}/${RUNS}: ${round(cycles)} cycles/s, raw appends of the same events ${round(raw)} pairs/s, ratio ${round(cycles / raw, 3)}`);
    }
    const cyclesPerSec = round(median(claims));
    const vsRawAppend = round(median(ratios), 3);
    const full = await medianOf('claimCompleteSingle FULL', () => claimCompleteSingle(root, 'FULL', SINGLE_TASKS_FULL));
    result.claimCompleteSingle = { vsRawAppend, cyclesPerSec, rawAppendPairsPerSec: round(median(raws)), durableFull: { cyclesPerSec: full } };
    if (vsRawAppend < targets.claimVsRawAppend) misses.push(`claimCompleteSingle.vsRawAppend: ${vsRawAppend} < ${targets.claimVsRawAppend}`);
    if (cyclesPerSec < targets.singleCyclesPerSec) log(`  (absolute: ${cyclesPerSec} cycles/s < ${targets.singleCyclesPerSec} on this run; the ratio is the target)`);
  }
  if (runs('multi')) {
    const normal = await multiMedian('claimComplete8proc NORMAL', () => claimCompleteMultiProcess(root, 'NORMAL', 8, MULTI_TASKS));
    const full = await multiMedian('claimComplete8proc FULL', () => claimCompleteMultiProcess(root, 'FULL', 8, MULTI_TASKS_FULL));
    const { errors, ...figures } = normal;
    result.claimComplete8proc = { ...figures, errors, durableFull: { cyclesPerSec: full.cyclesPerSec, doubleClaims: full.doubleClaims, lost: full.lost, minShare: full.minShare } };
    if (normal.cyclesPerSec < targets.multiCyclesPerSec) misses.push(`claimComplete8proc: ${normal.cyclesPerSec} cycles/s < ${targets.multiCyclesPerSec}`);
    if (normal.doubleClaims + full.doubleClaims > 0) misses.push(`claimComplete8proc: ${normal.doubleClaims + full.doubleClaims} double claims`);
    if (normal.lost + full.lost > 0) misses.push(`claimComplete8proc: ${normal.lost + full.lost} tasks lost`);
    if (normal.minShare < targets.minShare) misses.push(`claimComplete8proc: a worker did ${normal.minShare} of the work < ${targets.minShare}`);
  }
  if (runs('rebuild')) {
    const dir = mkdtempSync(join(root, 'rebuild-'));
    const { figures, logPath } = await rebuildBench(dir, REBUILD_EVENTS, RUNS);
    log(`  rebuild: ${figures.events} events at ${figures.eventsPerSec} events/s (median of ${figures.runsEventsPerSec.join(', ')}), equals live: ${figures.equalsLive}`);
    log(`  rebuild vs raw scan: ${figures.vsRawScan} (raw scan ${figures.rawScanEventsPerSec} events/s)`);
    const slow = figures.vsRawScan < targets.rebuildVsRawScan;
    // When the rebuild misses its target, say which read models cost the most.
    const byProjection = slow || process.env.BENCH_PROFILE === '1' ? await profileProjections(dir, logPath) : undefined;
    result.rebuild = { vsRawScan: figures.vsRawScan, events: figures.events, eventsPerSec: figures.eventsPerSec, rawScanEventsPerSec: figures.rawScanEventsPerSec, equalsLive: figures.equalsLive, runsEventsPerSec: figures.runsEventsPerSec, ...(figures.mismatches.length ? { mismatches: figures.mismatches } : {}), ...(byProjection ? { byProjection } : {}) };
    if (figures.events < targets.rebuildMinEvents) misses.push(`rebuild: ${figures.events} events < ${targets.rebuildMinEvents}`);
    if (slow) misses.push(`rebuild.vsRawScan: ${figures.vsRawScan} < ${targets.rebuildVsRawScan} (${figures.eventsPerSec} events/s)`);
    if (!figures.equalsLive) misses.push('rebuild: the rebuilt read models differ from the live ones');
    rmSync(dir, { recursive: true, force: true });
  }
  if (runs('streams')) {
    const streams = await streamCommandBench(root, STREAM_HEARTBEATS, STREAM_SAMPLES);
    result.streams = streams;
    if (streams.ratio > targets.streamAgedVsFresh) misses.push(`streams: p95 after ${streams.heartbeats} heartbeats ${streams.agedP95Ms} ms = ${streams.ratio}× the fresh stream's > ${targets.streamAgedVsFresh}×`);
  }
  if (runs('cli')) {
    log('  cliLatency: building the bins');
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) throw new Error('build failed');
    log(`  cliLatency: ${CLI_TASKS} tasks, ${CLI_SAMPLES} samples of each form, interleaved`);
    const latency = await cliLatency(mkdtempSync(join(root, 'cli-')), CLI_TASKS, CLI_SAMPLES);
    const bare = latency.nodeBare.p50;
    const ratioOf = (p50: number) => round(p50 / bare, 2);
    result.cliLatencyMs = {
      nodeBare: latency.nodeBare,
      claudeTasksList: { ...latency.claudeTasksList, ratio: ratioOf(latency.claudeTasksList.p50) },
      claudeTasksCreate: { ...latency.claudeTasksCreate, ratio: ratioOf(latency.claudeTasksCreate.p50) },
    };
    for (const form of ['claudeTasksList', 'claudeTasksCreate'] as const) {
      const r = ratioOf(latency[form].p50);
      if (r > targets.cliRatio) misses.push(`cliLatencyMs.${form}: p50 ${latency[form].p50} ms = ${r}× bare node > ${targets.cliRatio}×`);
    }
  }
  console.log(JSON.stringify({ ...result, targetsMet: misses.length === 0, misses }));
} finally {
  rmSync(root, { recursive: true, force: true });
}
