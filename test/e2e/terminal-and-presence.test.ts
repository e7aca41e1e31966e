// Issue K point 2, with real processes: served agents are idle (not offline), a clean stop makes them offline;
// JSON logs go to $SWARM_HOME/logs/, human lines to a terminal, JSON to stdout when it is not a terminal.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmHome, waitFor } from './swarm-process.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

type AgentRow = { agent: string; status: string; lastHeartbeat: string };
const agents = (s: ReturnType<typeof swarmHome>) => new Map(s.cli('swarm', ['agents', '--json']).json<{ agents: AgentRow[] }>().agents.map((a) => [a.agent, a]));

test('agents served by swarm up are idle from the start, the others offline; a clean stop makes them offline', async () => {
  const s = swarmHome();
  try {
    const up = await s.up(['--roles', 'hunter,critic', '--no-scheduler', '--no-dashboard']);
    const during = agents(s);
    assert.is(during.get('hunter')?.status, 'idle');
    assert.is(during.get('critic')?.status, 'idle');
    assert.ok(during.get('hunter')?.lastHeartbeat, 'a heartbeat says when it was last served');
    assert.is(during.get('builder')?.status, 'offline', 'no swarm up serves the builder');
    await s.stop(up.child);
    const after = agents(s);
    assert.is(after.get('hunter')?.status, 'offline');
    assert.is(after.get('critic')?.status, 'offline');
  } finally {
    await s.cleanup();
  }
});

test('not a terminal: JSON log lines in $SWARM_HOME/logs/swarm.log and on stdout, the human lines as before', async () => {
  const s = swarmHome({ SWARM_LOG_LEVEL: 'info' });
  try {
    const up = await s.up(['--roles', 'hunter', '--no-dashboard']);
    await waitFor('the first scan logged', () => up.output().includes('"msg":"scheduled task created"'), 20_000);
    await s.stop(up.child);
    const file = join(s.home, 'logs', 'swarm.log');
    assert.ok(existsSync(file));
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    assert.ok(lines.length > 3);
    for (const line of lines) assert.type(JSON.parse(line).level, 'number');
    assert.ok(lines.some((l) => JSON.parse(l).msg === 'scheduled job fired at start'));
    assert.match(up.output(), /^swarmlog is up$/m);
    assert.match(up.output(), /^ {2}logs: {4}.*swarm\.log \(JSON lines; also on stdout from level info\)$/m);
  } finally {
    await s.cleanup();
  }
});

test('SWARM_LOG_FORMAT=pretty keeps JSON off the console; a bad SWARM_LOG_FORMAT stops swarm up with exit code 2', async () => {
  const s = swarmHome({ SWARM_LOG_FORMAT: 'pretty', SWARM_LOG_LEVEL: 'info' });
  try {
    const up = await s.up(['--roles', 'hunter', '--no-dashboard']);
    await waitFor('the first scan in the log file', () => existsSync(join(s.home, 'logs', 'swarm.log')) && readFileSync(join(s.home, 'logs', 'swarm.log'), 'utf8').includes('scheduled task created'), 20_000);
    await waitFor('the first scan on the console', () => /INFO.*scheduled task created/.test(up.output()), 10_000);
    await s.stop(up.child);
    assert.not.match(up.output(), /^\{"level"/m, 'no JSON lines on the console');
    const bad = s.cli('swarm', ['up', '--no-dashboard'], { SWARM_LOG_FORMAT: 'xml' });
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /SWARM_LOG_FORMAT: expected json or pretty, got "xml"/);
  } finally {
    await s.cleanup();
  }
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

test('on a terminal (a pseudo-terminal through script(1)): human lines only, no JSON', async () => {
  if (!hasScript) return console.log('  (skipped: script(1) from util-linux is not installed)');
  const s = swarmHome();
  try {
    const env = { ...s.env };
    delete env.SWARM_LOG_LEVEL;
    const child = spawn('script', ['-qfec', `${process.execPath} cli/bin/swarm up --roles hunter --no-dashboard`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    await waitFor('swarm up on a terminal', () => out.includes('Ctrl-C stops'), 30_000);
    await waitFor('the first scan logged to the file', () => readFileSync(join(s.home, 'logs', 'swarm.log'), 'utf8').includes('scheduled task created'), 20_000);
    const exited = new Promise((r) => child.once('exit', r));
    child.stdin.write('\x03'); // Ctrl-C at the terminal
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    const text = out.replace(/\x1b\[[0-9;]*m/g, '');
    assert.match(text, /logs: {4}.*swarm\.log \(JSON lines; warn and above shown here\)/);
    assert.match(text, /What you can do now:/);
    assert.not.match(text, /\{"level"/, 'no JSON on the terminal');
  } finally {
    await s.cleanup();
  }
});

test.run();
