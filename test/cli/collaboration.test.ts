import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildOnce, cliHome } from './collaboration-cli.js';

buildOnce();

test('swarm lock acquire, list and release, with the holder as the actor', () => {
  const h = cliHome();
  const got = h.run('swarm', ['lock', 'acquire', 'src/app.ts', '--ttl', '60', '--json'], 'builder');
  assert.is(got.code, 0, got.stderr);
  assert.is(got.json<{ status: string; holder: string }>().holder, 'builder');
  assert.is(h.run('swarm', ['lock', 'acquire', './src/../src/app.ts', '--json'], 'builder').json<{ status: string }>().status, 'refreshed');
  const taken = h.run('swarm', ['lock', 'acquire', 'src/app.ts'], 'tester');
  assert.is(taken.code, 1);
  assert.match(taken.stderr, /locked by builder/);
  assert.equal(h.run('swarm', ['lock', 'list', '--json']).json<{ locks: { path: string }[] }>().locks.map((l) => l.path), ['src/app.ts']);
  assert.is(h.run('swarm', ['lock', 'release', 'src/app.ts'], 'tester').code, 1);
  assert.is(h.run('swarm', ['lock', 'release', 'src/app.ts'], 'builder').code, 0);
  assert.equal(h.run('swarm', ['lock', 'list', '--json']).json<{ locks: unknown[] }>().locks, []);
  h.cleanup();
});

test('swarm lock acquire with a bad --ttl exits 2 naming --ttl and appends nothing', () => {
  const h = cliHome();
  const r = h.run('swarm', ['lock', 'acquire', 'a.ts', '--ttl', 'soon'], 'builder');
  assert.is(r.code, 2);
  assert.match(r.stderr, /--ttl/);
  assert.is(h.eventCount(), 0);
  h.cleanup();
});

test('swarm mail send, inbox and read: only the recipient marks read', () => {
  const h = cliHome();
  const sent = h.run('swarm', ['mail', 'send', '--to', 'critic', '--type', 'context', '--payload', '{"idea":"x"}', '--json'], 'hunter');
  assert.is(sent.code, 0, sent.stderr);
  const id = sent.json<{ message_id: string }>().message_id;
  const unread = h.run('swarm', ['mail', 'inbox', 'critic', '--unread', '--json']).json<{ messages: { id: string; from: string }[] }>();
  assert.equal(unread.messages.map((m) => [m.id, m.from]), [[id, 'hunter']]);
  assert.is(h.run('swarm', ['mail', 'read', id], 'pm').code, 1);
  assert.is(h.run('swarm', ['mail', 'read', id], 'critic').code, 0);
  assert.equal(h.run('swarm', ['mail', 'inbox', 'critic', '--unread', '--json']).json<{ messages: unknown[] }>().messages, []);
  h.cleanup();
});

test('swarm mail send to an unknown agent exits 2 naming to and listing the accepted names', () => {
  const h = cliHome();
  const r = h.run('swarm', ['mail', 'send', '--to', 'researcher', '--type', 'notify'], 'hunter');
  assert.is(r.code, 2);
  assert.match(r.stderr, /to: "researcher" is not a mailbox; accepted: hunter, critic, pm, builder, reviewer, tester, publisher, meta, liaison, support, human/);
  assert.is(h.eventCount(), 0);
  h.cleanup();
});

test('claude-tasks message and messages: the original JSON shapes; listing does not mark read', () => {
  const h = cliHome();
  const sent = h.run('claude-tasks', ['message', '--to', 'builder', '--from', 'hunter', '-t', 'handoff', '-p', '{"task_type":"build_product"}'], 'hunter');
  assert.is(sent.code, 0, sent.stderr);
  const out = sent.json<{ status: string; message_id: string; to: string; type: string }>();
  assert.equal([out.status, out.to, out.type], ['sent', 'builder', 'handoff']);
  const first = h.run('claude-tasks', ['messages', '-a', 'builder', '-u']).json<{ messages: { id: string; read: boolean }[] }>();
  assert.equal(first.messages.map((m) => [m.id, m.read]), [[out.message_id, false]]);
  const again = h.run('claude-tasks', ['messages', '--agent', 'builder', '--unread', '--limit', '5']).json<{ messages: unknown[] }>();
  assert.is(again.messages.length, 1);
  // W-07: a handoff is mail, not a task factory.
  assert.equal(h.run('claude-tasks', ['list']).json<{ tasks: unknown[] }>().tasks, []);
  h.cleanup();
});

test('claude-tasks message defaults the type to notify', () => {
  const h = cliHome();
  assert.is(h.run('claude-tasks', ['message', '--to', 'human']).json<{ type: string }>().type, 'notify');
  h.cleanup();
});

test('claude-tasks message --from other than SWARM_AGENT exits 2 and appends nothing', () => {
  const h = cliHome();
  const r = h.run('claude-tasks', ['message', '--to', 'critic', '--from', 'pm'], 'hunter');
  assert.is(r.code, 2);
  assert.match(r.stderr, /--from/);
  assert.is(r.json<{ status: string }>().status, 'error');
  assert.is(h.eventCount(), 0);
  h.cleanup();
});

test('swarm discuss posts, replies and reads a topic', () => {
  const h = cliHome();
  const root = h.run('swarm', ['discuss', 'hunter', 'Templates are dead', '--topic', 'projects', '--json'], 'hunter').json<{ post_id: string }>().post_id;
  const reply = h.run('swarm', ['discuss', 'critic', 'Agreed', '--topic', 'projects', '--reply-to', root, '--json'], 'critic');
  assert.is(reply.code, 0, reply.stderr);
  const posts = h.run('swarm', ['discuss', '--recent', '--topic', 'projects', '--json']).json<{ posts: { author: string; reply_to: string | null }[] }>().posts;
  assert.equal(posts.map((p) => [p.author, p.reply_to]), [['hunter', null], ['critic', root]]);
  h.cleanup();
});

test('swarm discuss with an empty text exits 2 naming content and appends nothing', () => {
  const h = cliHome();
  const r = h.run('swarm', ['discuss', 'hunter', '   '], 'hunter');
  assert.is(r.code, 2);
  assert.match(r.stderr, /content/);
  assert.is(h.eventCount(), 0);
  h.cleanup();
});

test('a human posts as themselves when SWARM_AGENT is not set', () => {
  const h = cliHome();
  const r = h.run('swarm', ['discuss', 'hunter', 'hello from a person', '--json']);
  assert.is(r.json<{ author: string }>().author, 'alice');
  h.cleanup();
});

test('swarm propose, vote and proposals: 1–2 rejects; --status filters', () => {
  const h = cliHome();
  const made = h.run('swarm', ['propose', 'new_skill', 'Scraping', 'Teach the hunter to scrape', '--payload', '{"skill":"scrape"}', '--json'], 'hunter');
  assert.is(made.code, 0, made.stderr);
  const id = made.json<{ proposal_id: string }>().proposal_id;
  h.run('swarm', ['vote', id, 'for'], 'critic');
  h.run('swarm', ['vote', id, 'REJECT', 'not our business'], 'pm');
  const last = h.run('swarm', ['vote', id, '-1', '--json'], 'tester').json<{ proposal_status: string }>();
  assert.is(last.proposal_status, 'rejected');
  assert.equal(h.run('swarm', ['proposals', '--status', 'rejected', '--json']).json<{ proposals: { id: string }[] }>().proposals.map((p) => p.id), [id]);
  assert.equal(h.run('swarm', ['proposals', '--status', 'open', '--json']).json<{ proposals: unknown[] }>().proposals, []);
  const shown = h.run('swarm', ['proposals', 'show', id]);
  assert.match(shown.stdout, /pm against: not our business/);
  h.cleanup();
});

test('swarm proposals with an unknown --status exits 2 naming --status', () => {
  const h = cliHome();
  const r = h.run('swarm', ['proposals', '--status', 'pending']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /--status: expected one of open, approved, rejected, expired, implemented/);
  h.cleanup();
});

test.run();
