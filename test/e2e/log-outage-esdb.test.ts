// Issue M point 5, the application's side: `swarm up` on EventStoreDB (the emulator, through the real client) while
// the node goes away for 10 s and comes back with what it had committed. Meanwhile `swarm status` (text and --json),
// the API (`/health`, `/api/status`) and the dashboard's banner say "log unreachable since …"; afterwards they say
// nothing of it, the pipeline carries on to a published product, nothing is lost and nothing is applied twice (the
// read models the live swarm kept equal a rebuild from the log; each follow-up exists once).
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dashboardUrl, launchChromium } from '../browser/browser-session.js';
import { startEsdbNodeProcess } from './esdb-node.js';
import { swarmHome, waitFor } from './swarm-process.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

/** Polls an async probe until it returns a value (not undefined), or fails after `ms`. */
const eventually = async <T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

type Task = { id: string; type: string; status: string; payload: Record<string, unknown> };
type LogHealth = { reachable: boolean; unreachableSince: string | null };

test('the log goes away for 10 s while swarm up runs: status and the dashboard say since when; nothing lost, nothing applied twice', async () => {
  const node = await startEsdbNodeProcess();
  const s = swarmHome({ SWARM_STORE: node.connectionString });
  const browser = await launchChromium();
  try {
    const up = await s.up(['--no-scheduler']);
    const dashboard = dashboardUrl(up.output());
    const api = dashboard.replace(/\/#.*$/, '').replace(/\/$/, '');
    const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${api}${path}`)).json()) as T;
    const status = () => s.cli('swarm', ['status', '--json']).json<{ log: LogHealth; queue: { total: number } }>();
    const tasks = () => s.cli('swarm', ['task', 'list', '--limit', '500', '--json']).json<{ tasks: Task[] }>().tasks;
    const page = await browser.newPage();
    await page.goto(dashboard);
    await page.locator('overview-page [data-ready]').waitFor({ timeout: 60_000 });

    // Work under way before the outage: a scan, its ideas evaluated, a project waiting for a person.
    const scan = s.cli('swarm', ['task', 'create', '--type', 'scan_platform', '--to', 'hunter', '--payload', '{"platform":"itch"}', '--json']).json<{ task_id: string }>();
    const project = await waitFor('a project proposal', () => s.cli('swarm', ['projects', '--json']).json<{ projects: { id: string; status: string }[] }>().projects.find((p) => p.status === 'pending'), 120_000);
    await waitFor('both ideas evaluated', () => tasks().filter((t) => t.type === 'evaluate_idea' && t.status === 'completed').length === 2 || undefined, 120_000);
    assert.equal(status().log, { reachable: true, unreachableSince: null });
    assert.is((await getJson<{ status: string }>('/health')).status, 'ok');
    assert.equal((await getJson<{ log: LogHealth }>('/api/status')).log, { reachable: true, unreachableSince: null });
    const queueBefore = status().queue.total;

    // The node goes away.
    const away = Date.now();
    await node.stop();
    const seenAway = await waitFor('swarm status --json to say the log is unreachable', () => {
      const r = s.cli('swarm', ['status', '--json']);
      const parsed = r.code === 0 ? (JSON.parse(r.stdout) as { log: LogHealth; queue: { total: number } }) : undefined;
      return parsed && !parsed.log.reachable ? parsed : undefined;
    }, 20_000);
    assert.ok(seenAway.log.unreachableSince, 'since when');
    const since = Date.parse(seenAway.log.unreachableSince!);
    assert.ok(since >= away - 1_000 && since <= Date.now(), `unreachable since ${seenAway.log.unreachableSince}, the node stopped at ${new Date(away).toISOString()}`);
    assert.is(seenAway.queue.total, queueBefore, 'the read models as last caught up are still shown');
    // Since when the running swarm found it so (its log-health file), not since each status was asked.
    await eventually('the running swarm to have noticed', async () => (await getJson<{ log?: LogHealth }>('/health')).log?.reachable === false || undefined);
    const health = await getJson<{ status: string; log: LogHealth; position: number | null }>('/health');
    assert.is(health.status, 'log_unreachable');
    assert.is(health.position, null);
    assert.is(status().log.unreachableSince, health.log.unreachableSince, 'the CLI says the same time as the running swarm');
    const text = s.cli('swarm', ['status']);
    assert.is(text.code, 0, text.stderr);
    assert.match(text.stdout, `log unreachable since ${health.log.unreachableSince!.slice(0, 19).replace('T', ' ')} UTC`);
    const apiStatus = await getJson<{ log: LogHealth; position: number | null; queue: { total: number } }>('/api/status');
    assert.equal([apiStatus.log.reachable, apiStatus.log.unreachableSince], [false, health.log.unreachableSince]);
    assert.is(apiStatus.queue.total, queueBefore);
    const banner = page.getByTestId('log-unreachable-banner');
    await banner.waitFor({ timeout: 20_000 });
    assert.match((await banner.textContent()) ?? '', /log unreachable since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    assert.is(up.child.exitCode, null, 'swarm up keeps running');
    // Commands that need the log itself say it cannot be reached (exit 1, its code in --json), without a stack trace.
    for (const args of [['approvals', '--json'], ['task', 'list', '--json']]) {
      const r = s.cli('swarm', args);
      assert.is(r.code, 1, `swarm ${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.is((JSON.parse(r.stdout.trim().split('\n').pop()!) as { code: string }).code, 'log_unreachable');
      assert.match(r.stderr, /the log cannot be reached/);
      assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
    }

    // Away for 10 s in all, then back with what it had committed.
    await new Promise((r) => setTimeout(r, Math.max(0, away + 10_000 - Date.now())));
    assert.is(status().log.reachable, false, 'still away after 10 s');
    await node.start();
    await waitFor('swarm status to say the log answers again', () => (status().log.reachable ? true : undefined), 30_000);
    assert.equal(status().log, { reachable: true, unreachableSince: null });
    assert.not.match(s.cli('swarm', ['status']).stdout, /unreachable/);
    await eventually('the running swarm to find it back', async () => ((await getJson<{ status: string }>('/health')).status === 'ok' ? true : undefined), 30_000);
    assert.equal((await getJson<{ log: LogHealth }>('/api/status')).log, { reachable: true, unreachableSince: null });
    await banner.waitFor({ state: 'detached', timeout: 20_000 });

    // The pipeline carries on through the swarm that lived through the outage: build, review, test, a product, publish.
    assert.is(s.cli('swarm', ['approve', project.id]).code, 0);
    const product = await waitFor('a product approval', () => s.cli('swarm', ['approvals', '--json']).json<{ products: { id: string; status: string }[] }>().products.find((p) => p.status === 'pending'), 180_000);
    assert.is(s.cli('swarm', ['approve', product.id]).code, 0);
    await waitFor('the product published', () => s.cli('swarm', ['approvals', '--status', 'all', '--json']).json<{ products: { id: string; status: string }[] }>().products.find((p) => p.id === product.id && p.status === 'published'), 120_000);
    await waitFor('every agent idle', () => (s.cli('swarm', ['agents', '--json']).json<{ agents: { status: string }[] }>().agents.every((a) => a.status !== 'working') ? true : undefined), 60_000);
    await s.stop(up.child);

    // Nothing applied twice: one build, one publication; every event id once in the log.
    const all = tasks();
    assert.is(all.filter((t) => t.type === 'build_product').length, 1, 'one build for the one approved project');
    assert.is(all.filter((t) => t.type === 'publish').length, 1, 'one publication');
    assert.is(all.filter((t) => t.type === 'write_spec').length, 1, 'one spec');
    const events = s.cli('swarm', ['events']).stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; type: string });
    assert.is(new Set(events.map((e) => e.id)).size, events.length, 'every event once');
    // Nothing lost, nothing folded twice: the read models the live swarm kept equal those folded again from the log.
    const views = () => ({
      tasks: tasks(),
      agents: s.cli('swarm', ['agents', '--json']).json<{ agents: unknown[] }>().agents,
      approvals: s.cli('swarm', ['approvals', '--status', 'all', '--json']).json(),
      projects: s.cli('swarm', ['projects', '--json']).json(),
      ledger: s.cli('swarm', ['ledger', '--by', 'product', '--json']).json(),
    });
    const live = views();
    const rebuilt = s.cli('swarm', ['rebuild']);
    assert.is(rebuilt.code, 0, rebuilt.stderr);
    assert.equal(views(), live);
    const audit = s.cli('swarm', ['ledger', '--audit']);
    assert.is(audit.code, 0, audit.stdout + audit.stderr);
    const replay = s.cli('swarm', ['replay', '--correlation', scan.task_id, '--json']);
    assert.is(replay.code, 0, replay.stderr);
    const chain = replay.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type);
    for (const type of ['TaskCreated', 'ProjectSubmitted', 'ProjectApproved', 'ApprovalRequested', 'ApprovalGranted', 'ProductPublished']) assert.ok(chain.includes(type), `the chain holds ${type}`);

    // Stopped while the log is away, swarm up still stops in order and says so.
    const again = await s.up(['--no-scheduler']);
    await node.stop();
    await new Promise((r) => setTimeout(r, 3_000));
    await s.stop(again.child);
    assert.match(again.output(), /swarmlog: stopped\./);
    assert.not.match(again.output(), /Unhandled|\n\s+at /);
    await node.start();
  } finally {
    await browser.close();
    await s.cleanup();
    node.end();
  }
});

test.run();
