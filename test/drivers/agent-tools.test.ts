import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runToolCall } from '../../agents/tools/agent-tool.js';
import { runTools } from '../../agents/tools/run-tools.js';
import { findRepoRoot } from '../../agents/tools/swarm-tool.js';
import { createCommandTool } from '../../agents/tools/command-tool.js';
import { roleToolFolders } from '../../agents/tools/workspace-path.js';
import type { ToolContext } from '../../agents/tools/agent-tool.js';
import { isAlive, unconfinedTestSandbox } from './driver-harness.js';

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
  runToolCall(tools, name, input, { workspace, env: { PATH: '/usr/bin:/bin' }, signal: new AbortController().signal, sandbox: unconfinedTestSandbox(workspace) });

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

test('a role reaches its folders of $SWARM_HOME by absolute or $SWARM_HOME paths: writes where it may write, reads where it may read', async ({ root }) => {
  const swarmHome = join(root, 'home');
  // A build run's workspace is its product's folder (the task's files_path).
  const workspace = join(swarmHome, 'projects', 'demo');
  for (const dir of [workspace, join(swarmHome, 'projects', 'other'), join(swarmHome, 'runs', 'run-1'), join(swarmHome, 'specs'), join(swarmHome, 'meta')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(swarmHome, 'specs', 'demo.md'), '# demo');
  writeFileSync(join(swarmHome, 'swarm.db'), 'the log');
  const context: ToolContext = {
    workspace,
    folders: roleToolFolders('builder', swarmHome, workspace),
    env: { PATH: '/usr/bin:/bin', SWARM_HOME: swarmHome },
    signal: new AbortController().signal,
    sandbox: unconfinedTestSandbox(workspace),
  };
  const use = (name: string, input: unknown) => runToolCall(tools, name, input, context);
  assert.is((await use('write_file', { path: '$SWARM_HOME/projects/demo/README.md', content: 'a' })).isError, false);
  assert.is((await use('write_file', { path: `${swarmHome}/projects/demo/src/index.js`, content: 'b' })).isError, false);
  assert.is(readFileSync(join(swarmHome, 'projects', 'demo', 'src', 'index.js'), 'utf8'), 'b');
  assert.is((await use('read_file', { path: '${SWARM_HOME}/specs/demo.md' })).text, '# demo');
  assert.is((await use('list_files', { path: '$SWARM_HOME/projects/demo', recursive: true })).text, 'README.md\nsrc/\nsrc/index.js');
  assert.match((await use('write_file', { path: '$SWARM_HOME/specs/demo.md', content: 'x' })).text, /is in a folder this role may only read/);
  assert.match((await use('read_file', { path: '$SWARM_HOME/swarm.db' })).text, /is outside the workspace and the folders of this role/);
  assert.match((await use('write_file', { path: '$SWARM_HOME/meta/x.md', content: 'x' })).text, /is outside the workspace/);
  assert.match((await use('read_file', { path: '$SWARM_HOME/projects/../swarm.db' })).text, /uses "\.\."/);
  symlinkSync(swarmHome, join(swarmHome, 'projects', 'demo', 'up'));
  assert.match((await use('read_file', { path: '$SWARM_HOME/projects/demo/up/swarm.db' })).text, /through a link/);
  // Another product is out of reach, even for reading (one waiting for approval stays as the person saw it).
  assert.match((await use('write_file', { path: '$SWARM_HOME/projects/other/README.md', content: 'x' })).text, /is outside the workspace/);
  assert.match((await use('read_file', { path: '$SWARM_HOME/projects/other' })).text, /is outside the workspace/);
  // A builder whose task names no product works in its run folder and reaches no product at all.
  assert.equal(roleToolFolders('builder', swarmHome, join(swarmHome, 'runs', 'run-1')), { writable: [], readOnly: [join(swarmHome, 'specs')] });
  assert.equal(roleToolFolders('publisher', swarmHome, join(swarmHome, 'projects', 'demo')).readOnly, [join(swarmHome, 'projects', 'demo'), join(swarmHome, 'specs')]);
  assert.equal(roleToolFolders('hunter', swarmHome, workspace), { writable: [], readOnly: [] });
  assert.equal(roleToolFolders('builder', undefined, workspace), { writable: [], readOnly: [] });
  const homeless = await runToolCall(tools, 'read_file', { path: '$SWARM_HOME/specs/demo.md' }, { ...context, env: {} });
  assert.match(homeless.text, /names \$SWARM_HOME, which this run does not have/);
});

test('run_command runs a program with its arguments as written, in the workspace, without the model\'s API key', async ({ workspace }) => {
  mkdirSync(join(workspace, 'app'));
  const env = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, SWARM_AGENT: 'builder', ANTHROPIC_API_KEY: 'sk-driver-only', ANTHROPIC_AUTH_TOKEN: 'driver-only' };
  const context: ToolContext = { workspace, env, signal: new AbortController().signal, sandbox: unconfinedTestSandbox(workspace) };
  const args = ['-e', 'console.log(JSON.stringify({ argv: process.argv.slice(1), cwd: process.cwd(), keys: Object.keys(process.env) }))', `$(touch pwned) "q" 'x'; *`];
  const ran = await runToolCall(tools, 'run_command', { program: 'node', args, cwd: 'app' }, context);
  assert.is(ran.isError, false, ran.text);
  assert.match(ran.summary, /^node -e .* \(in app\)$/);
  const seen = JSON.parse(ran.text.split('stdout:\n')[1]!);
  assert.equal(seen.argv, args.slice(2));
  assert.is(seen.cwd, join(workspace, 'app'));
  assert.not.ok(seen.keys.includes('ANTHROPIC_API_KEY') || seen.keys.includes('ANTHROPIC_AUTH_TOKEN'));
  assert.not.ok(existsSync(join(workspace, 'pwned')));
  const failed = await runToolCall(tools, 'run_command', { program: 'node', args: ['-e', 'console.error("boom"); process.exit(4)'] }, context);
  assert.equal({ isError: failed.isError, text: failed.text }, { isError: true, text: 'exit code 4\nstderr:\nboom\n' });
  const missing = await runToolCall(tools, 'run_command', { program: 'no-such-program', args: [] }, context);
  assert.ok(missing.isError);
  assert.match(missing.text, /^exit code none \(could not start no-such-program: spawn no-such-program ENOENT\)/);
  assert.match((await runToolCall(tools, 'run_command', { program: 'node', args: ['-v'], cwd: 'nowhere' }, context)).text, /cwd: "nowhere" is not a folder/);
  assert.match((await runToolCall(tools, 'run_command', { program: 'node', args: 'test' }, context)).text, /input\.args/);
  assert.match((await runToolCall(tools, 'run_command', { program: '', args: [] }, context)).text, /program: empty/);
});

/** Alive and not a zombie (an orphan killed here may wait for a reaper that this container's init never is). */
const runs = (pid: number): boolean => {
  if (!isAlive(pid)) return false;
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/\) Z /.test(stat);
};

test('run_command stops a command at its time limit with everything it started, and when the run is stopped', async ({ workspace }) => {
  const abort = new AbortController();
  const context: ToolContext = { workspace, env: { PATH: '/usr/bin:/bin' }, signal: abort.signal, sandbox: unconfinedTestSandbox(workspace) };
  const lingering = "const c = require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'inherit' }); require('fs').writeFileSync('child.pid', String(c.pid)); setTimeout(() => {}, 60000)";
  const quick = createCommandTool({ timeoutMs: 700 });
  const started = Date.now();
  const slow = await runToolCall([quick], 'run_command', { program: process.execPath, args: ['-e', lingering] }, context);
  assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
  assert.ok(slow.isError);
  assert.match(slow.text, /^exit code none \(timed out after 0\.7 s: stopped\)/);
  await new Promise((r) => setTimeout(r, 100));
  assert.not.ok(runs(Number(readFileSync(join(workspace, 'child.pid'), 'utf8'))), 'the child it started is stopped too');

  const patient = createCommandTool({ timeoutMs: 60_000 });
  const running = runToolCall([patient], 'run_command', { program: process.execPath, args: ['-e', 'setTimeout(() => {}, 60000)'] }, context);
  setTimeout(() => abort.abort(), 200);
  const stopped = await running;
  assert.match(stopped.text, /^exit code none \(the run was stopped\)/);
});

test('run_command keeps at most the output limit of each stream and says how much it cut', async ({ workspace }) => {
  const context: ToolContext = { workspace, env: { PATH: '/usr/bin:/bin' }, signal: new AbortController().signal, sandbox: unconfinedTestSandbox(workspace) };
  const small = createCommandTool({ maxOutputChars: 10 });
  const flood = await runToolCall([small], 'run_command', { program: process.execPath, args: ['-e', "process.stdout.write('é'.repeat(100000)); process.stderr.write('short')"] }, context);
  assert.is(flood.text, `exit code 0\nstdout:\n${'é'.repeat(10)}\n[… 99990 more characters cut]\nstderr:\nshort`);
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
  assert.match(unknown.text, /unknown tool "run_shell": use one of swarm, read_file, write_file, list_files, run_command/);
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
    const ran = await runToolCall([swarm], 'swarm', { bin: 'swarm', args }, { workspace, env, signal: new AbortController().signal, sandbox: unconfinedTestSandbox(root) });
    assert.is(ran.isError, false, ran.text);
    const seen = JSON.parse(ran.text.split('stdout:\n')[1]!);
    assert.equal(seen.argv, args);
    assert.equal(seen.env, { ...env, HOME: root, SWARM_AGENT_ENDPOINT: join(root, 'agent.sock') });
    assert.is(seen.cwd, workspace);
    assert.not.ok(existsSync(join(workspace, 'pwned')));
    const refused = await runToolCall([swarm], 'swarm', { bin: 'claude-tasks', args: ['complete', 'x'] }, { workspace, env, signal: new AbortController().signal, sandbox: unconfinedTestSandbox(root) });
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
