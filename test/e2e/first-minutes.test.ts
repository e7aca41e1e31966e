// Issue K point 1, with real processes: a fresh swarm starts working by itself and says what the person can do.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmHome, waitFor } from './swarm-process.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

type Event = { type: string; stream: string; data: Record<string, unknown>; metadata: { actor: { kind: string; id: string } } };
const events = (s: ReturnType<typeof swarmHome>, type: string): Event[] =>
  s
    .cli('swarm', ['events', '--type', type])
    .stdout.split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Event);

test('a fresh SWARM_HOME: swarm up (sim) has a project proposal waiting within 60 s, nobody creating a task; the terminal says what to do', async () => {
  const s = swarmHome();
  try {
    const started = Date.now();
    const up = await s.up(['--driver', 'sim']);
    assert.match(up.output(), /What you can do now:/);
    assert.match(up.output(), /swarm approve <id> --note "…"  \|  swarm reject <id> --reason "…"/);
    assert.match(up.output(), /\/approvals/, 'the dashboard address');
    assert.match(up.output(), /The Hunter's first scan was started now/);
    const project = await waitFor(
      'a pending project proposal',
      () => s.cli('swarm', ['projects', '--json']).json<{ projects: { id: string; title: string; status: string }[] }>().projects.find((p) => p.status === 'pending'),
      60_000,
    );
    assert.ok(Date.now() - started < 60_000, 'within a minute of starting');
    // The first scan is recorded like any scheduled one: a JobFired of hunter_scan, and its task made by the scheduler.
    const fired = events(s, 'JobFired').filter((e) => e.data.job === 'hunter_scan');
    assert.is(fired.length, 1);
    const created = events(s, 'TaskCreated');
    assert.ok(created.every((e) => e.metadata.actor.kind !== 'human'), 'no person created a task');
    const scan = created.find((e) => e.data.type === 'scan_platform');
    assert.is(scan?.metadata.actor.id, 'scheduler');
    assert.is((scan?.data.payload as { slot?: string }).slot, fired[0]!.data.slot);
    // The terminal says it again now that a decision waits, with the commands for this proposal.
    await waitFor('the terminal saying the proposal waits', () => up.output().includes(`Waiting for you: project proposal "${project.title}"`), 15_000);
    assert.match(up.output(), `swarm approve ${project.id} --note "…"   or   swarm reject ${project.id} --reason "…"`);
    await s.stop(up.child);
  } finally {
    await s.cleanup();
  }
});

test('two swarm up starting together on one fresh log fire the first scan once', async () => {
  const s = swarmHome();
  try {
    assert.is(s.cli('swarm', ['events']).code, 1, 'no store yet: both create it');
    const [a, b] = await Promise.all([s.up(['--no-agents', '--no-dashboard']), s.up(['--no-agents', '--no-dashboard'])]);
    const scans = () => s.cli('swarm', ['task', 'list', '--type', 'scan_platform', '--json']).json<{ tasks: unknown[] }>().tasks;
    await waitFor('the first scan task', () => scans().length > 0, 20_000);
    assert.is(events(s, 'JobFired').filter((e) => e.data.job === 'hunter_scan').length, 1);
    assert.is(scans().length, 1);
    const said = [a.output(), b.output()].filter((o) => /first scan was started now/.test(o)).length;
    assert.ok(said >= 1, 'the instance that fired it says so');
    await s.stop(a.child);
    await s.stop(b.child);
  } finally {
    await s.cleanup();
  }
});

test('a log that has work already is not given an early scan; a pending decision is named at start', async () => {
  const s = swarmHome();
  try {
    assert.is(s.cli('swarm', ['task', 'create', '--type', 'research', '--payload', '{"title":"Niche: invoice templates"}']).code, 0);
    const submitted = s.cli(
      'claude-tasks',
      ['submit-project', '-t', 'Invoice parser', '--hunter-pitch', 'Parse invoices offline', '--hunter-rating', '8', '--max-revenue', '5000', '--critic-evaluation', 'Solid',
        '--critic-rating', '7', '--cons', 'Crowded', '--differentiation', 'Offline', '--spec-path', 'specs/x.md', '--effort', '2 days'],
      { SWARM_AGENT: 'pm' },
    );
    assert.is(submitted.code, 0, submitted.stderr);
    const projectId = JSON.parse(submitted.stdout.trim().split('\n').pop()!).proposal_id as string;
    const up = await s.up(['--no-agents', '--no-dashboard']);
    assert.not.match(up.output(), /first scan was started/);
    assert.match(up.output(), /What you can do now:/);
    assert.match(up.output(), `Waiting for you: project proposal "Invoice parser" (rated 7.5/10, effort 2 days)\n  swarm approve ${projectId} --note`);
    await s.stop(up.child);
  } finally {
    await s.cleanup();
  }
});

test.run();
