// `swarm whatif` on EventStoreDB (the emulator in a process of its own, through the real client): a fork's base is
// the live log read over gRPC (positions are byte offsets), its own events a SQLite file. The recorded pipeline of
// whatif-cli.test.ts, then an unchanged replay and a stricter Critic, and the live log unchanged event for event.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startEsdbNodeProcess, type EsdbNodeProcess } from '../e2e/esdb-node.js';
import { recordPipeline, swarmHome, type RecordedRunIds } from './recorded-pipeline.js';

type Comparison = {
  fork: { status: string; note: string; runs: { mode: string; agent: string }[] };
  pairs: { original: { agent: string; decision: { result?: { decision?: string } } } | null; fork: { agent: string; mode: string; tokens: number; decision: { result?: { decision?: string } } } | null }[];
  firstDivergence: { index: number } | null;
  totals: { fork: { tokens: number } };
};

const test = suite<{ node: EsdbNodeProcess; s: ReturnType<typeof swarmHome>; ids: RecordedRunIds; eventsBefore: string }>('swarm whatif on EventStoreDB');

test.before(async (ctx) => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  ctx.node = await startEsdbNodeProcess();
  ctx.s = swarmHome({ SWARM_STORE: ctx.node.connectionString });
  const { up, ids } = await recordPipeline(ctx.s);
  await ctx.s.stop(up.child);
  ctx.ids = ids;
  ctx.eventsBefore = ctx.s.cli('swarm', ['events']).stdout;
});
test.after(async ({ s, node }) => {
  await s.cleanup();
  node.end();
});

const whatif = (s: ReturnType<typeof swarmHome>, args: string[]) => {
  const r = s.cli('swarm', ['whatif', ...args, '--json']);
  assert.is(r.code, 0, `swarm whatif ${args.join(' ')}: ${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Comparison;
};

test('an unchanged prompt replays every run with zero tokens; a stricter Critic rejects in the fork; the live log is unchanged', ({ s, ids, eventsBefore }) => {
  const same = whatif(s, ['--run', ids.approvingCriticRun, '--continue', '10']);
  assert.is(same.fork.status, 'stopped_at_gate', same.fork.note);
  assert.ok(same.fork.runs.length >= 3 && same.fork.runs.every((r) => r.mode === 'replayed'), JSON.stringify(same.fork.runs));
  assert.is(same.firstDivergence, null);
  assert.is(same.totals.fork.tokens, 0);
  const prompt = readFileSync(join(s.home, 'runs', ids.approvingCriticRun, 'prompt.md'), 'utf8');
  const file = join(s.home, 'stricter-critic.md');
  writeFileSync(file, `${prompt}\nsim: critic.minGreen=4\n`);
  const stricter = whatif(s, ['--run', ids.approvingCriticRun, '--prompt-file', file, '--continue', '10']);
  assert.is(stricter.pairs[0]!.original!.decision.result?.decision, 'APPROVED');
  assert.is(stricter.pairs[0]!.fork!.decision.result?.decision, 'REJECTED', JSON.stringify(stricter.pairs[0]));
  assert.not.ok(stricter.pairs.some((p) => p.fork?.agent === 'pm'), 'no project follows in the fork');
  assert.is(s.cli('swarm', ['events']).stdout, eventsBefore, 'the live log holds the same events, none of a fork');
});

test.run();
