import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runToolCall } from '../../agents/tools/agent-tool.js';
import { runTools } from '../../agents/tools/run-tools.js';
import { findRepoRoot } from '../../agents/tools/swarm-tool.js';

const test = suite<{ root: string; workspace: string }>('the anthropic driver\'s tools');
const tools = runTools();
test.before.each((ctx) => {
  ctx.root = mkdtempSync(join(tmpdir(), 'swarmlog-tools-'));
  ctx.workspace = join(ctx.root, 'workspace');
  mkdirSync(ctx.workspace);
  writeFileSync(join(ctx.root, 'secret.txt'), 'outside');
});
test.after.each(({ root }) => rmSync(root, { recursive: true, force: true }));

const call = (workspace: string, name: string, input: unknown) =>
  runToolCall(tools, name, input, { workspace, env: { PATH: '/usr/bin:/bin' }, signal: new AbortController().signal });

test('write then read a file; folders are created; long files are read in parts', async ({ workspace }) => {
  assert.is((await call(workspace, 'write_file', { path: 'a/b/c.txt', content: 'hello' })).isError, false);
  assert.is(readFileSync(join(workspace, 'a/b/c.txt'), 'utf8'), 'hello');
  assert.equal(await call(workspace, 'read_file', { path: 'a/b/c.txt', offset: 1 }), { text: 'ello', isError: false, summary: 'a/b/c.txt' });
  await call(workspace, 'write_file', { path: 'big.txt', content: 'z'.repeat(100_010) });
  assert.match((await call(workspace, 'read_file', { path: 'big.txt' })).text, /10 more characters: read on with offset 100000\]$/);
});

test('list_files lists a folder, recursively on request, folders ending with /', async ({ workspace }) => {
  await call(workspace, 'write_file', { path: 'src/index.js', content: '' });
  await call(workspace, 'write_file', { path: 'README.md', content: '' });
  assert.is((await call(workspace, 'list_files', {})).text, 'README.md\nsrc/');
  assert.is((await call(workspace, 'list_files', { recursive: true })).text, 'README.md\nsrc/\nsrc/index.js');
});

test('paths with .., absolute paths outside and links leading out are refused', async ({ root, workspace }) => {
  const up = await call(workspace, 'read_file', { path: '../secret.txt' });
  assert.ok(up.isError);
  assert.match(up.text, /uses "\.\."/);
  const absolute = await call(workspace, 'read_file', { path: join(root, 'secret.txt') });
  assert.ok(absolute.isError);
  assert.match(absolute.text, /outside the workspace/);
  symlinkSync(root, join(workspace, 'link'));
  const linked = await call(workspace, 'write_file', { path: 'link/planted.txt', content: 'x' });
  assert.ok(linked.isError);
  assert.match(linked.text, /through a link/);
  assert.not.ok(existsSync(join(root, 'planted.txt')));
  const inside = await call(workspace, 'write_file', { path: join(workspace, 'ok.txt'), content: 'fine' });
  assert.is(inside.isError, false, inside.text);
});

test('a bad tool input is an error result naming the field, not a crash', async ({ workspace }) => {
  const missing = await call(workspace, 'write_file', { path: 'x.txt' });
  assert.ok(missing.isError);
  assert.match(missing.text, /bad input for write_file: input\.content: expected string, got nothing/);
  const badBin = await call(workspace, 'swarm', { bin: 'bash', args: ['-c', 'id'] });
  assert.ok(badBin.isError);
  assert.match(badBin.text, /input\.bin/);
  const badArgs = await call(workspace, 'swarm', { bin: 'swarm', args: 'task list' });
  assert.match(badArgs.text, /input\.args/);
  const unknown = await call(workspace, 'run_shell', { command: 'id' });
  assert.ok(unknown.isError);
  assert.match(unknown.text, /unknown tool "run_shell": use one of swarm, read_file, write_file, list_files/);
});

test('the swarm tool runs the bin with arguments verbatim and exactly the run environment, no shell', async ({ root, workspace }) => {
  // A stand-in checkout whose `swarm` bin reports what it was given.
  mkdirSync(join(root, 'repo', 'cli', 'bin'), { recursive: true });
  writeFileSync(join(root, 'repo', 'cli', 'bin', 'swarm'), 'console.log(JSON.stringify({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd() }));\n');
  writeFileSync(join(root, 'repo', 'cli', 'bin', 'claude-tasks'), 'console.error("no such task"); process.exit(2);\n');
  const { createSwarmTool } = await import('../../agents/tools/swarm-tool.js');
  const swarm = createSwarmTool({ repoRoot: join(root, 'repo') });
  process.env.GITHUB_TOKEN = 'support-only-secret';
  try {
    const args = ['mail', 'send', '--body', `it's "done"; $(touch pwned) \`id\` && echo hi`];
    const env = { PATH: '/usr/bin:/bin', SWARM_AGENT: 'builder' };
    const ran = await runToolCall([swarm], 'swarm', { bin: 'swarm', args }, { workspace, env, signal: new AbortController().signal });
    assert.is(ran.isError, false, ran.text);
    const seen = JSON.parse(ran.text.split('stdout:\n')[1]!);
    assert.equal(seen.argv, args);
    assert.equal(seen.env, env);
    assert.is(seen.cwd, workspace);
    assert.not.ok(existsSync(join(workspace, 'pwned')));
    const refused = await runToolCall([swarm], 'swarm', { bin: 'claude-tasks', args: ['complete', 'x'] }, { workspace, env, signal: new AbortController().signal });
    assert.ok(refused.isError);
    assert.match(refused.text, /^exit code 2\nstderr:\nno such task/);
  } finally {
    delete process.env.GITHUB_TOKEN;
  }
});

test('the swarm tool finds this checkout', () => {
  assert.ok(existsSync(join(findRepoRoot(), 'cli', 'bin', 'swarm')));
});

test.run();
