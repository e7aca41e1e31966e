// The whole swarm, offline, with real processes: `swarm up` with the simulated agents, a person at the CLI.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmHome, waitFor } from './swarm-process.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

type Task = { id: string; type: string; status: string; payload: Record<string, unknown>; assigned_to: string | null; result: unknown; error: string | null };

/** The EventStoreDB emulator in a process of its own (the CLI calls below block this test's event loop). */
const startEmulatorProcess = async (): Promise<{ child: ChildProcess; connectionString: string }> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fakes/esdb-emulator/emulator-process.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const connectionString = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]!.trim());
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
  });
  return { child, connectionString };
};

/** The whole pipeline on one log: the embedded SQLite log, or EventStoreDB (the emulator) through its real client. */
const wholePipeline = async (extraEnv: Record<string, string> = {}) => {
  const s = swarmHome(extraEnv);
  try {
    const up = await s.up(['--no-scheduler']);
    assert.match(up.output(), /SIMULATED agents/);
    if (extraEnv.SWARM_STORE) assert.ok(up.output().includes(`log:     ${extraEnv.SWARM_STORE}`), `swarm up runs on ${extraEnv.SWARM_STORE}:\n${up.output()}`);
    const tasks = () => s.cli('swarm', ['task', 'list', '--limit', '200', '--json']).json<{ tasks: Task[] }>().tasks;

    // A Hunter scan leads to ideas; the Critic approves one and rejects the other; the PM writes a spec and submits.
    const scan = s.cli('swarm', ['task', 'create', '--type', 'scan_platform', '--to', 'hunter', '--payload', '{"platform":"itch"}', '--json']).json<{ task_id: string }>();
    const project = await waitFor('a project proposal', () => s.cli('swarm', ['projects', '--json']).json<{ projects: { id: string; title: string; status: string }[] }>().projects.find((p) => p.status === 'pending'));
    const evaluations = await waitFor('both ideas evaluated', () => {
      const done = tasks().filter((t) => t.type === 'evaluate_idea' && t.status === 'completed');
      return done.length === 2 ? done : undefined;
    });
    const rejected = evaluations.find((t) => (t.result as { decision?: string }).decision === 'REJECTED');
    assert.ok(rejected, 'the critic rejected one idea');
    const mail = await waitFor('the rejection reaching the hunter', () =>
      s.cli('claude-tasks', ['messages', '--agent', 'hunter']).json<{ messages: { type: string; payload: { reason?: string } }[] }>().messages.find((m) => m.type === 'idea_rejected'),
    );
    assert.ok(mail.payload.reason && mail.payload.reason.length > 10, 'the hunter gets the reason');
    const spec = tasks().find((t) => t.type === 'write_spec');
    assert.ok(spec && spec.status === 'completed');
    assert.ok(existsSync(join(s.home, 'specs')) && readdirSync(join(s.home, 'specs')).length === 1);
    assert.is(tasks().filter((t) => t.type === 'build_product').length, 0, 'nothing is built before a person approves');

    // A person approves the project: the build starts; the test fails once and is fixed; a product awaits a person.
    assert.is(s.cli('swarm', ['approve', project.id, '--note', 'go']).code, 0);
    const approval = await waitFor('a product approval request', () =>
      s.cli('swarm', ['approvals', '--json']).json<{ products: { id: string; productName: string; status: string }[] }>().products.find((p) => p.status === 'pending'),
    );
    const afterFirst = tasks();
    assert.is(afterFirst.filter((t) => t.type === 'build_product' && t.status === 'completed').length, 1);
    assert.is(afterFirst.filter((t) => t.type === 'code_review' && t.status === 'completed').length, 1);
    const testRuns = afterFirst.filter((t) => t.type === 'test_product' && t.status === 'completed');
    assert.equal(testRuns.map((t) => (t.result as { result?: string }).result).sort(), ['FAIL', 'PASS'], 'the tester failed it once, then passed the fix');
    assert.is(afterFirst.filter((t) => t.type === 'fix_product').length, 1);
    assert.is(afterFirst.filter((t) => t.type === 'publish').length, 0, 'nothing is published before a person approves');

    // A person rejects the product with a reason: the Builder gets a fix task and mail with it.
    assert.is(s.cli('swarm', ['reject', approval.id, '--reason', 'The README lacks install steps']).code, 0);
    const fix = await waitFor('the builder fix task with the reason', () => tasks().find((t) => t.type === 'fix_product' && JSON.stringify(t.payload).includes('The README lacks install steps')));
    assert.is(fix.assigned_to, 'builder');
    const second = await waitFor('the product back for approval', () =>
      s.cli('swarm', ['approvals', '--json']).json<{ products: { id: string; status: string }[] }>().products.find((p) => p.status === 'pending' && p.id !== approval.id),
      90_000,
    );

    // A person approves: the Publisher publishes locally and the approval is marked published.
    assert.is(s.cli('swarm', ['approve', second.id, '--note', 'ship it']).code, 0);
    await waitFor('the approval marked published', () =>
      s.cli('swarm', ['approvals', '--status', 'all', '--json']).json<{ products: { id: string; status: string }[] }>().products.find((p) => p.id === second.id && p.status === 'published'),
    );
    const downloads = readdirSync(join(s.home, 'downloads'));
    assert.is(downloads.length, 1);
    assert.ok(existsSync(join(s.home, 'downloads', downloads[0]!, 'TEST_REPORT.md')));

    // A sale is recorded; the ledger shows it and its audit agrees with the log.
    assert.is(s.cli('swarm', ['income', 'record', '--source', 'gumroad', '--product', approval.productName, '--amount', '9.99', '--currency', 'USD', '--external-id', 'sale_1']).code, 0);
    const ledger = s.cli('swarm', ['ledger', '--by', 'product', '--json']);
    assert.match(ledger.stdout, /9\.99|999/);
    assert.match(ledger.stdout, new RegExp(approval.productName));
    const audit = s.cli('swarm', ['ledger', '--audit']);
    assert.is(audit.code, 0, audit.stdout + audit.stderr);

    // Replay of the scan's correlation shows the whole chain, from the scan to the publication.
    const replay = s.cli('swarm', ['replay', '--correlation', scan.task_id, '--json']);
    assert.is(replay.code, 0, replay.stderr);
    const chain = replay.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; actor: string });
    const types = chain.map((e) => e.type);
    for (const type of ['TaskCreated', 'RunStarted', 'ToolCalled', 'TokensUsed', 'ProjectSubmitted', 'ProjectApproved', 'ApprovalRequested', 'ApprovalRejected', 'ApprovalGranted', 'ProductPublished'])
      assert.ok(types.includes(type), `the chain holds ${type}`);
    assert.ok(chain.some((e) => e.type === 'ProjectApproved' && e.actor.startsWith('human:')), 'the approval was a person');

    await s.stop(up.child);
    assert.match(up.output(), /stopped/);
  } finally {
    await s.cleanup();
  }
};

test('idea → critic → spec → human approves → build → review → test fails once → fix → test → human rejects → fix → approve → publish → sale → ledger → replay', async () => {
  await wholePipeline();
});

test('the same pipeline on EventStoreDB (the emulator, through the real client): positions are byte offsets there', async () => {
  const emulator = await startEmulatorProcess();
  try {
    await wholePipeline({ SWARM_STORE: emulator.connectionString });
  } finally {
    emulator.child.kill('SIGTERM');
  }
});

test('a budget exhaustion pauses the agent until a person raises the budget', async () => {
  const s = swarmHome();
  try {
    assert.is(s.cli('swarm', ['budget', 'set', 'hunter', '1000']).code, 0);
    const up = await s.up(['--no-scheduler', '--roles', 'hunter']);
    s.cli('swarm', ['task', 'create', '--type', 'scan_platform', '--to', 'hunter', '--payload', '{"platform":"gumroad"}']);
    await waitFor('the budget to be exhausted', () => s.cli('swarm', ['budget', '--json']).json<{ budgets: { scope: string; state: string }[] }>().budgets.find((b) => b.scope === 'hunter' && b.state.startsWith('EXHAUSTED')));
    const asked = s.cli('swarm', ['approvals', '--json']).json<{ budgets: { scope: string }[] }>();
    assert.equal(asked.budgets.map((b) => b.scope), ['hunter'], 'a person is asked to raise or resume');
    await waitFor('the hunter shown as over budget', () => s.cli('swarm', ['agents', '--json']).json<{ agents: { agent: string; status: string }[] }>().agents.find((a) => a.agent === 'hunter' && a.status === 'budget_exceeded'));
    const waiting = s.cli('swarm', ['task', 'create', '--type', 'research', '--to', 'hunter', '--payload', '{"title":"next niche"}', '--json']).json<{ task_id: string }>();
    await new Promise((r) => setTimeout(r, 2500));
    const held = s.cli('swarm', ['task', 'show', waiting.task_id, '--json']).json<{ status: string }>();
    assert.is(held.status, 'pending', 'no new run while the budget is exhausted');
    assert.is(s.cli('swarm', ['budget', 'raise', 'hunter', '100000'], { SWARM_AGENT: 'hunter' }).code, 1, 'an agent cannot raise its own budget');
    assert.is(s.cli('swarm', ['budget', 'raise', 'hunter', '100000']).code, 0);
    assert.equal(s.cli('swarm', ['approvals', '--json']).json<{ budgets: unknown[] }>().budgets, [], 'nothing left to decide');
    await waitFor('the waiting task to run after the raise', () => {
      const t = s.cli('swarm', ['task', 'show', waiting.task_id, '--json']).json<{ status: string }>();
      return t.status === 'completed' || t.status === 'failed' ? t : undefined;
    });
    await s.stop(up.child);
  } finally {
    await s.cleanup();
  }
});

test.run();
