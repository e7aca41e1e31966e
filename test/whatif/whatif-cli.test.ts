// `swarm whatif` on a recorded pipeline (issue 20 point 6), through the built bins with the simulated agents.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { liveLogDigest, recordPipeline, swarmHome, type RecordedRunIds } from './recorded-pipeline.js';

interface Side {
  runId: string;
  agent: string;
  taskId: string | null;
  mode: string;
  driver: string;
  decision: { status: string; result?: { decision?: string }; reason?: string };
  toolCalls: string[];
  followUps: string[];
  tokens: number;
  costUsd: number;
}
interface Comparison {
  fork: { id: string; status: string; note: string; runs: { runId: string; mode: string; agent: string }[]; changes: { prompt: boolean } };
  pairs: { original: Side | null; fork: Side | null; differences: string[] }[];
  firstDivergence: { index: number; differences: string[] } | null;
  totals: { original: { tokens: number }; fork: { tokens: number; costUsd: number } };
}

const test = suite<{ s: ReturnType<typeof swarmHome>; ids: RecordedRunIds; eventsBefore: string; ledgerBefore: string }>('swarm whatif');

test.before(async (ctx) => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  ctx.s = swarmHome();
  const { up, ids } = await recordPipeline(ctx.s);
  await ctx.s.stop(up.child);
  ctx.ids = ids;
  ctx.eventsBefore = ctx.s.cli('swarm', ['events']).stdout;
  ctx.ledgerBefore = ctx.s.cli('swarm', ['ledger', '--json']).stdout;
});
test.after(async ({ s }) => s.cleanup());

const whatif = (s: ReturnType<typeof swarmHome>, args: string[]) => {
  const r = s.cli('swarm', ['whatif', ...args, '--json']);
  assert.is(r.code, 0, `swarm whatif ${args.join(' ')}: ${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Comparison;
};

test('an unchanged prompt replays every run: the same decisions, zero tokens spent, stopped at the human gate', ({ s, ids }) => {
  const c = whatif(s, ['--run', ids.approvingCriticRun, '--continue', '10']);
  assert.is(c.fork.status, 'stopped_at_gate', c.fork.note);
  assert.ok(c.fork.runs.length >= 3, `the critic's two runs and the PM's run are in the fork: ${JSON.stringify(c.fork.runs)}`);
  assert.ok(c.fork.runs.every((r) => r.mode === 'replayed'), `every run replayed: ${JSON.stringify(c.fork.runs)}`);
  for (const pair of c.pairs) {
    assert.ok(pair.fork, `every original run of the chain happened in the fork: ${JSON.stringify(pair.original)}`);
    assert.equal(pair.fork!.decision, pair.original!.decision, 'the same decision');
    assert.equal(pair.differences, []);
    assert.is(pair.fork!.driver, 'replay');
    assert.is(pair.fork!.tokens, 0);
  }
  assert.ok(c.pairs.some((p) => p.fork!.agent === 'pm' && p.fork!.followUps.includes('ProjectSubmitted')), 'the PM submits the project in the fork too');
  assert.is(c.firstDivergence, null);
  assert.equal([c.totals.fork.tokens, c.totals.fork.costUsd], [0, 0]);
  assert.ok(c.totals.original.tokens > 0, 'the original runs spent (simulated) tokens');
  assert.match(c.fork.note, /Dotenv Linter CLI/);
});

test('sim: critic.minGreen=4 on the approving run rejects the idea in the fork, and with --continue no project follows', ({ s, ids }) => {
  const prompt = readFileSync(join(s.home, 'runs', ids.approvingCriticRun, 'prompt.md'), 'utf8');
  const file = join(s.home, 'stricter-critic.md');
  writeFileSync(file, `${prompt}\nsim: critic.minGreen=4\n`);
  const c = whatif(s, ['--run', ids.approvingCriticRun, '--prompt-file', file, '--continue', '10']);
  assert.ok(c.fork.changes.prompt);
  const first = c.pairs[0]!;
  assert.is(first.original!.decision.result?.decision, 'APPROVED');
  assert.is(first.fork!.mode, 're-run');
  assert.is(first.fork!.decision.result?.decision, 'REJECTED', JSON.stringify(first.fork));
  assert.ok(first.differences.includes('decision'));
  assert.equal(c.firstDivergence?.index, 0);
  assert.ok(first.fork!.tokens > 0, 'the changed run cost (simulated) tokens');
  const forkRuns = c.pairs.flatMap((p) => (p.fork ? [p.fork] : []));
  assert.not.ok(forkRuns.some((r) => r.agent === 'pm'), 'no spec is written in the fork');
  assert.not.ok(forkRuns.some((r) => r.followUps.some((f) => f.startsWith('ProjectSubmitted') || f.startsWith('TaskCreated write_spec'))), 'no project follows');
  const pm = c.pairs.find((p) => p.original?.agent === 'pm');
  assert.ok(pm && pm.fork === null && pm.differences.includes('did not happen in the fork'), 'the PM run of the original is marked as not in the fork');
  assert.is(c.fork.status, 'done', c.fork.note);
  // The other idea's evaluation is unchanged, so it is still replayed.
  const other = c.pairs.find((p) => p.fork?.agent === 'critic' && p.fork.taskId !== ids.approvedTask);
  assert.is(other?.fork?.mode, 'replayed');

  // --driver replay plays the chosen run back from its recording whatever its prompt: the recorded decision, no tokens.
  const played = whatif(s, ['--run', ids.approvingCriticRun, '--prompt-file', file, '--driver', 'replay']);
  assert.is(played.pairs[0]!.fork!.mode, 'replayed');
  assert.is(played.pairs[0]!.fork!.driver, 'replay');
  assert.is(played.pairs[0]!.fork!.decision.result?.decision, 'APPROVED');
  assert.is(played.totals.fork.tokens, 0);
});

test('--decide-gates-as-recorded replays the person\'s decision on the same project, and the build follows in the fork', ({ s, ids }) => {
  // The person's decision is recorded in the live log (after the recording above).
  const approved = s.cli('swarm', ['approve', ids.projectId, '--note', 'go']);
  assert.is(approved.code, 0, approved.stderr);
  const c = whatif(s, ['--run', ids.approvingCriticRun, '--continue', '3', '--decide-gates-as-recorded']);
  assert.ok(c.fork.runs.some((r) => r.agent === 'builder'), `the builder runs in the fork: ${JSON.stringify(c.fork.runs)} (${c.fork.note})`);
  const stopped = whatif(s, ['--run', ids.approvingCriticRun, '--continue', '3']);
  assert.is(stopped.fork.status, 'stopped_at_gate');
  assert.not.ok(stopped.fork.runs.some((r) => r.agent === 'builder'));
});

test('a fork works on a copy of the live work folders: the PM\'s spec is there for the fork\'s Builder, and what the fork writes stays in the fork', ({ s, ids }) => {
  const liveSpec = join(s.home, 'specs', `${ids.projectId}.md`);
  assert.ok(existsSync(liveSpec), 'the recorded PM wrote the project\'s spec in the live home');
  const specBefore = readFileSync(liveSpec, 'utf8');
  const c = whatif(s, ['--run', ids.approvingCriticRun, '--continue', '3', '--decide-gates-as-recorded']);
  const folder = join(s.home, 'forks', c.fork.id);
  const manifest = JSON.parse(readFileSync(join(folder, 'fork.json'), 'utf8')) as { files?: { folders: string[]; files: number } };
  assert.ok(manifest.files?.folders.includes('specs'), `the manifest says what was copied: ${JSON.stringify(manifest.files)}`);
  assert.ok((manifest.files?.files ?? 0) >= 1);
  assert.is(readFileSync(join(folder, 'specs', `${ids.projectId}.md`), 'utf8'), specBefore, 'the fork has the spec as the live home has it');
  const builder = c.fork.runs.find((r) => r.agent === 'builder');
  assert.ok(builder, `the builder runs in the fork: ${JSON.stringify(c.fork.runs)}`);
  // The simulated Builder reports whether it found the spec it was given.
  const forkLog = new Database(join(folder, 'log.db'), { readonly: true });
  const notes = (forkLog.prepare("SELECT data, metadata FROM events WHERE type = 'RunProgressed'").all() as { data: string; metadata: string }[])
    .filter((e) => JSON.parse(e.metadata).runId === builder!.runId)
    .map((e) => String(JSON.parse(e.data).note));
  forkLog.close();
  assert.ok(notes.some((n) => n.startsWith('read the spec')), `the fork's Builder read the spec: ${JSON.stringify(notes)}`);
  assert.ok(existsSync(join(folder, 'projects', ids.projectId, 'README.md')), 'the fork\'s Builder wrote the product in the fork');
  assert.not.ok(existsSync(join(s.home, 'projects', ids.projectId)), 'nothing the fork built is in the live home');
  assert.is(readFileSync(liveSpec, 'utf8'), specBefore);
});

test('show, list and rm manage forks; show --json is the comparison', ({ s }) => {
  const listed = s.cli('swarm', ['whatif', 'list', '--json']).json<{ forks: { id: string }[] }>().forks;
  assert.ok(listed.length >= 3);
  const id = listed[0]!.id;
  // A unique prefix names a fork as well as its whole id.
  const others = listed.slice(1).map((f) => f.id);
  const prefix = [...id].map((_, i) => id.slice(0, i + 1)).find((p) => p.length > 3 && !others.some((o) => o.startsWith(p)));
  if (prefix) assert.is(s.cli('swarm', ['whatif', 'show', prefix, '--json']).json<Comparison>().fork.id, id);
  const shown = s.cli('swarm', ['whatif', 'show', id]);
  assert.is(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /ORIGINAL\s+FORK/);
  assert.match(shown.stdout, /first divergence/);
  assert.is(s.cli('swarm', ['whatif', 'show', id, '--json']).json<Comparison>().fork.id, id);
  assert.ok(existsSync(join(s.home, 'forks', id, 'log.db')), 'the fork keeps its own log under $SWARM_HOME/forks/<id>/');
  const removed = s.cli('swarm', ['whatif', 'rm', id]);
  assert.is(removed.code, 0, removed.stderr);
  assert.not.ok(existsSync(join(s.home, 'forks', id)));
  assert.is(s.cli('swarm', ['whatif', 'show', id]).code, 1);
});

test('the live log is byte-identical after a what-if, and forks count nowhere in it', ({ s, ids, eventsBefore, ledgerBefore }) => {
  const digest = liveLogDigest(s.home);
  const file = join(s.home, 'stricter-critic.md');
  whatif(s, ['--run', ids.approvingCriticRun, '--continue', '10']);
  whatif(s, ['--run', ids.approvingCriticRun, '--prompt-file', file, '--continue', '10']);
  assert.is(liveLogDigest(s.home), digest, 'the live log file is byte for byte what it was');
  // The only live appends since the recording are the person's approval in the gates test and what it caused.
  const before = eventsBefore.trim().split('\n');
  const events = s.cli('swarm', ['events']).stdout.trim().split('\n');
  assert.equal(events.slice(0, before.length), before, 'the recorded events are all still there, unchanged');
  const added = events.slice(before.length).map((l) => JSON.parse(l) as { type: string; metadata: { actor: { kind: string }; runId?: string } });
  assert.is(added[0]?.type, 'ProjectApproved');
  assert.ok(added.every((e) => e.metadata.actor.kind === 'human' && e.metadata.runId === undefined), `the live log holds no event of a fork: ${added.map((e) => e.type).join(', ')}`);
  assert.is(s.cli('swarm', ['ledger', '--json']).stdout, ledgerBefore);
  const audit = s.cli('swarm', ['ledger', '--audit']);
  assert.is(audit.code, 0, audit.stdout + audit.stderr);
  const rebuilt = s.cli('swarm', ['rebuild']);
  assert.is(rebuilt.code, 0, rebuilt.stderr);
  assert.is(s.cli('swarm', ['projects', '--json']).json<{ projects: unknown[] }>().projects.length, 1, 'the rebuilt read models know one project: the live one');
});

test('bad input is refused: an unknown run (exit 1), a bad --continue or --driver (exit 2)', ({ s }) => {
  assert.is(s.cli('swarm', ['whatif', '--run', 'no-such-run']).code, 1);
  assert.is(s.cli('swarm', ['whatif', '--run', 'x', '--continue', '-1']).code, 2);
  assert.is(s.cli('swarm', ['whatif', '--run', 'x', '--driver', 'gpt']).code, 2);
  assert.is(s.cli('swarm', ['whatif']).code, 2);
});

test('swarm whatif --help lists the sim prompt directives', ({ s }) => {
  const help = s.cli('swarm', ['whatif', '--help']);
  assert.is(help.code, 0);
  for (const key of ['critic.minGreen', 'tester.failRounds', 'hunter.platform']) assert.match(help.stdout, new RegExp(`sim: ${key.replace('.', '\\.')}=`));
});

test.run();
