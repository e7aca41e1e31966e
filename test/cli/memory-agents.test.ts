import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const test = suite<{ home: string }>('swarm memory and agents (built CLI)');
test.before(() => {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'ignore' });
});
test.before.each((ctx) => {
  ctx.home = mkdtempSync(join(tmpdir(), 'swarmlog-memory-'));
});
test.after.each(({ home }) => rmSync(home, { recursive: true, force: true }));

const swarm = (home: string, args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync('node', ['cli/bin/swarm', ...args], { env: { ...process.env, SWARM_HOME: home, SWARM_AGENT: '', ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const eventCount = (home: string) => swarm(home, ['events']).out.split('\n').filter(Boolean).length;

test('memory add records a memory by the calling agent; search finds it by shared words and says how it ranks', ({ home }) => {
  const added = swarm(home, ['memory', 'add', '--type', 'lesson', 'Demo GIFs help sales on Gumroad', '--importance', '8', '--tags', 'marketing,gumroad', '--json'], { SWARM_AGENT: 'publisher' });
  assert.is(added.code, 0, added.err);
  swarm(home, ['memory', 'add', '--type', 'fact', 'Gumroad takes a fee']);
  const found = JSON.parse(swarm(home, ['memory', 'search', 'demo sales', '--json']).out);
  assert.is(found.ranking, 'bm25');
  assert.equal(found.results.map((r: { content: string; by: string }) => [r.content, r.by])[0], ['Demo GIFs help sales on Gumroad', 'publisher']);
  const text = swarm(home, ['memory', 'search', 'gumroad', '--limit', '1']);
  assert.match(text.out, /^ranking: shared words \(SQLite FTS5, BM25\)/);
  const recent = JSON.parse(swarm(home, ['memory', 'recent', '--agent', 'publisher', '--json']).out);
  assert.is(recent.items.length, 1);
});

test('a bad memory type or importance is bad input naming the flag, and nothing is appended', ({ home }) => {
  const type = swarm(home, ['memory', 'add', '--type', 'gossip', 'x']);
  assert.is(type.code, 2);
  assert.match(type.err, /--type: expected one of fact, skill, preference, lesson, discovery, strategy/);
  const importance = swarm(home, ['memory', 'add', '--type', 'fact', 'x', '--importance', '11']);
  assert.is(importance.code, 2);
  assert.match(importance.err, /--importance/);
  assert.is(eventCount(home), 0);
});

test('swarm agents lists the ten roles with status, task, heartbeat and tokens today', ({ home }) => {
  // A read never creates the store (issue K point 3): with no log it says so; a write creates it.
  const none = swarm(home, ['agents', '--json']);
  assert.is(none.code, 1);
  assert.match(none.err, /no swarm here: there is no log at/);
  assert.is(swarm(home, ['task', 'create', '--type', 'research', '--payload', '{"title":"x"}']).code, 0);
  const out = swarm(home, ['agents', '--json']);
  assert.is(out.code, 0, out.err);
  const agents = JSON.parse(out.out).agents as { agent: string; status: string; tokensToday: number }[];
  assert.equal(agents.map((a) => a.agent), ['hunter', 'critic', 'pm', 'builder', 'reviewer', 'tester', 'publisher', 'meta', 'liaison', 'support']);
  assert.ok(agents.every((a) => a.status === 'offline' && a.tokensToday === 0));
  assert.match(swarm(home, ['agents']).out, /^AGENT\s+STATUS\s+CURRENTTASK\s+LASTHEARTBEAT\s+TOKENSTODAY/);
});

test.run();
