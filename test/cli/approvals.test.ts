import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

/** The two human gates through the built bins (`swarm`, `claude-tasks`), on a fresh SWARM_HOME per test. */
const test = suite<{ home: string }>('approvals CLI');

test.before(() => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
});
test.before.each((ctx) => {
  ctx.home = mkdtempSync(join(tmpdir(), 'swarmlog-gates-cli-'));
});
test.after.each((ctx) => {
  rmSync(ctx.home, { recursive: true, force: true });
});

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  json(): Record<string, unknown> & { [k: string]: any };
}

const run = (home: string, bin: 'swarm' | 'claude-tasks', args: string[], agent?: string): Ran => {
  const { SWARM_AGENT: _ignored, ...env } = process.env;
  const r = spawnSync(process.execPath, [`cli/bin/${bin}`, ...args], {
    encoding: 'utf8',
    env: { ...env, SWARM_HOME: home, ...(agent ? { SWARM_AGENT: agent } : {}) },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout.trim().split('\n').pop()!) };
};

const events = (home: string, type?: string) =>
  run(home, 'swarm', ['events', ...(type ? ['--type', type] : [])])
    .stdout.split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; stream: string; data: any });

const projectArgs = (title: string) => [
  'submit-project', '-t', title, '--hunter-pitch', 'Parse invoices offline', '--hunter-rating', '12', '--max-revenue', '5000',
  '--critic-evaluation', 'Solid', '--critic-rating', '7', '--cons', 'Crowded', '--differentiation', 'Offline', '--spec-path', 'data/specs/x.md', '--effort', '2 days',
];
const productArgs = (name: string) => ['submit-approval', '-n', name, '--type', 'product', '-p', 'gumroad', '-d', 'Parses invoices', '--files', 'data/projects/x', '--price', '9.99'];

test('submit-project answers in the original shape, clamps ratings and refuses a pending duplicate with its id', ({ home }) => {
  const first = run(home, 'claude-tasks', projectArgs('Invoice parser'), 'pm');
  assert.is(first.code, 0, first.stderr);
  const p = first.json();
  assert.equal([p.status, p.title, p.hunter_rating, p.critic_rating, p.combined_rating, p.max_revenue, p.effort], ['submitted_for_approval', 'Invoice parser', 10, 7, 8.5, '5000', '2 days']);
  const dup = run(home, 'claude-tasks', projectArgs('invoice parser'), 'pm');
  assert.is(dup.code, 1);
  assert.equal([dup.json().status, dup.json().existing_proposal_id], ['duplicate_rejected', p.proposal_id]);
  const list = run(home, 'claude-tasks', ['projects', '-s', 'pending']).json();
  assert.is(list.count, 1);
  assert.is(list.projects[0].combined_rating, 8.5);
  const one = run(home, 'claude-tasks', ['project', '--id', String(p.proposal_id).slice(0, 13)]);
  assert.equal([one.code, one.json().status, one.json().project.id], [0, 'found', p.proposal_id]);
  const missing = run(home, 'claude-tasks', ['project', '--id', 'nope']);
  assert.equal([missing.code, missing.json().status], [1, 'not_found']);
});

test('--from must agree with SWARM_AGENT', ({ home }) => {
  const r = run(home, 'claude-tasks', [...projectArgs('Invoice parser'), '--from', 'hunter'], 'pm');
  assert.is(r.code, 2);
  assert.match(r.stderr, /--from/);
  assert.is(events(home).length, 0);
});

test('only a human approves; approving a project starts one build_product task', ({ home }) => {
  const id = String(run(home, 'claude-tasks', projectArgs('Invoice parser'), 'pm').json().proposal_id);
  const byAgent = run(home, 'swarm', ['approve', id], 'pm');
  assert.is(byAgent.code, 1);
  assert.match(byAgent.stderr, /only a human operator may approve/);
  const ok = run(home, 'swarm', ['approve', id.slice(0, 14), '--note', 'go', '--json']);
  assert.is(ok.code, 0, ok.stderr);
  assert.equal([ok.json().kind, ok.json().status], ['project', 'approved']);
  const tasks = events(home, 'TaskCreated');
  assert.is(tasks.length, 1);
  assert.equal([tasks[0]!.data.type, tasks[0]!.data.priority, tasks[0]!.data.taskId], ['build_product', 8, ok.json().buildTaskId]);
  const again = run(home, 'swarm', ['approve', id]);
  assert.is(again.code, 1);
  assert.match(again.stderr, /already approved/);
  assert.is(events(home, 'TaskCreated').length, 1);
});

test('a taken idea is refused as a new evaluation even with --allow-duplicates; a person takes it up again with --revive "reason"', ({ home }) => {
  const id = String(run(home, 'claude-tasks', projectArgs('Invoice parser'), 'pm').json().proposal_id);
  assert.is(run(home, 'swarm', ['approve', id]).code, 0);
  const evaluate = ['task', 'create', '--type', 'evaluate_idea', '--payload', '{"title":"Invoice Parser Tool"}'];
  const pushed = run(home, 'swarm', [...evaluate, '--allow-duplicates'], 'hunter');
  assert.is(pushed.code, 1, pushed.stderr);
  assert.match(pushed.stderr, new RegExp(`already project ${id}.*--revive`));
  const byAgent = run(home, 'swarm', [...evaluate, '--revive', 'it sells'], 'hunter');
  assert.is(byAgent.code, 1);
  assert.match(byAgent.stderr, /only a person may revive an idea/);
  const revived = run(home, 'swarm', [...evaluate, '--revive', 'a second edition', '--json']);
  assert.is(revived.code, 0, revived.stderr);
  const created = events(home, 'TaskCreated').find((e) => e.data.taskId === revived.json().task_id);
  assert.equal(created!.data.revived, { reason: 'a second edition', by: created!.data.createdBy, of: id, ofStatus: 'approved' });
});

test('a deferred project can be approved later (W-31)', ({ home }) => {
  const id = String(run(home, 'claude-tasks', projectArgs('Invoice parser'), 'pm').json().proposal_id);
  assert.is(run(home, 'swarm', ['defer', id]).code, 0);
  assert.is(run(home, 'swarm', ['projects', '--status', 'deferred', '--json']).json().projects.length, 1);
  const approved = run(home, 'swarm', ['approve', id]);
  assert.is(approved.code, 0, approved.stderr);
  assert.match(approved.stdout, /is approved\nstarted build_product task/);
});

test('a rejected product reaches the builder as a fix task and mail; check-approval shows the reason', ({ home }) => {
  const submitted = run(home, 'claude-tasks', productArgs('Invoice Parser'), 'tester');
  assert.is(submitted.code, 0, submitted.stderr);
  const id = String(submitted.json().approval_id);
  assert.equal([submitted.json().status, submitted.json().platform], ['submitted_for_approval', 'gumroad']);
  const dup = run(home, 'claude-tasks', productArgs('Invoice Parser'), 'tester');
  assert.equal([dup.code, dup.json().status, dup.json().existing_approval_id], [1, 'duplicate_rejected', id]);
  const rejected = run(home, 'swarm', ['reject', id, '--reason', 'crashes on empty files']);
  assert.is(rejected.code, 0, rejected.stderr);
  const [fix] = events(home, 'TaskCreated');
  assert.equal([fix!.data.type, fix!.data.assignedTo, fix!.data.payload.reason], ['fix_product', 'builder', 'crashes on empty files']);
  const [mail] = events(home, 'MessageSent');
  assert.equal([mail!.stream, mail!.data.type], ['mailbox-builder', 'feedback']);
  const checked = run(home, 'claude-tasks', ['check-approval', '--id', id]);
  assert.is(checked.code, 0);
  assert.equal([checked.json().status, checked.json().approved, checked.json().reviewer_notes], ['rejected', false, 'crashes on empty files']);
  assert.equal(run(home, 'claude-tasks', ['approvals', '-s', 'rejected']).json().count, 1);
  const missing = run(home, 'claude-tasks', ['check-approval', '--id', 'nope']);
  assert.equal([missing.code, missing.json()], [1, { status: 'not_found', approved: false }]);
});

test('verify-publish passes only for the publisher holding the publish task of an approved product (W-25)', ({ home }) => {
  const id = String(run(home, 'claude-tasks', productArgs('Invoice Parser'), 'tester').json().approval_id);
  const approved = run(home, 'swarm', ['approve', id, '--json']);
  assert.is(approved.code, 0, approved.stderr);
  const taskId = String(approved.json().publishTaskId);
  const claimed = run(home, 'claude-tasks', ['claim', '--agent', 'publisher', '--types', 'publish'], 'publisher');
  assert.is(claimed.code, 0, claimed.stderr);
  const ok = run(home, 'claude-tasks', ['verify-publish', '-t', taskId], 'publisher');
  assert.is(ok.code, 0, ok.stdout + ok.stderr);
  assert.equal([ok.json().verified, ok.json().approval_id, ok.json().product_name, ok.json().platform], [true, id, 'Invoice Parser', 'gumroad']);
  const other = run(home, 'claude-tasks', ['verify-publish', '-t', taskId], 'builder');
  assert.equal([other.code, other.json().verified, other.json().error], [1, false, 'not_task_holder']);
  const missing = run(home, 'claude-tasks', ['verify-publish', '-t', 'nope']);
  assert.equal([missing.code, missing.json().error], [1, 'task_not_found']);
});

test('bad input exits 2 naming the field, and nothing is appended', ({ home }) => {
  const noPlatform = run(home, 'claude-tasks', ['submit-approval', '-n', 'X', '--type', 'product', '-d', 'd', '--files', 'f'], 'tester');
  assert.is(noPlatform.code, 2);
  assert.match(noPlatform.stderr, /--platform/);
  const badPrice = run(home, 'claude-tasks', [...productArgs('X'), '--price', 'free'], 'tester');
  assert.is(badPrice.code, 2);
  assert.match(badPrice.stderr, /--price/);
  const noReason = run(home, 'swarm', ['reject', 'abc']);
  assert.is(noReason.code, 2);
  assert.match(noReason.stderr, /--reason/);
  const badStatus = run(home, 'swarm', ['approvals', '--status', 'bogus']);
  assert.is(badStatus.code, 2);
  assert.match(badStatus.stderr, /--status/);
  const unknownFlag = run(home, 'swarm', ['approve', 'abc', '--force']);
  assert.is(unknownFlag.code, 2);
  assert.is(events(home).length, 0);
});

test('swarm approvals lists both queues, pending by default', ({ home }) => {
  run(home, 'claude-tasks', projectArgs('Invoice parser'), 'pm');
  run(home, 'claude-tasks', productArgs('CSV Cleaner'), 'tester');
  const listed = run(home, 'swarm', ['approvals', '--json']).json();
  assert.equal([listed.projects.length, listed.products.length, listed.counts.projects.pending, listed.counts.products.pending], [1, 1, 1, 1]);
  const text = run(home, 'swarm', ['approvals']).stdout;
  assert.match(text, /Invoice parser/);
  assert.match(text, /CSV Cleaner/);
});

test.run();
