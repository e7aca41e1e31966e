/**
 * The `anthropic` driver does a builder's and a tester's work (issue 13, point 3): through the fake Messages API a
 * scripted model writes a small Node product, runs its tests with `run_command`, fixes the failing one, and a second
 * run tests it again and writes TEST_REPORT.md. Every command runs in the real bubblewrap sandbox.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createAnthropicDriver } from '../../agents/drivers/anthropic-driver.js';
import type { DriverEvent, RunRequest } from '../../agents/drivers/driver.js';
import { roleFolders } from '../../agents/sandbox/role-folders.js';
import { foldersForTask } from '../../agents/sandbox/product-folder.js';
import { findRepoRoot } from '../../agents/tools/swarm-tool.js';
import { bubblewrapSandboxFactory } from '../../infra/sandbox/bubblewrap-sandbox.js';
import { probeBubblewrap } from '../../infra/sandbox/sandbox-probe.js';
import { startFakeMessagesApi, toolUse, type FakeMessagesApi, type ScriptedTurn } from '../fakes/anthropic/fake-messages-api.js';

const node = process.execPath;

const packageJson = JSON.stringify({ name: 'demo', version: '1.0.0', type: 'module', scripts: { test: 'node --test' } }, null, 2);
const buggySum = 'export const sum = (a, b) => a - b;\n';
const fixedSum = 'export const sum = (a, b) => a + b;\n';
const sumTest = [
  "import { test } from 'node:test';",
  "import assert from 'node:assert/strict';",
  "import { sum } from '../src/sum.js';",
  "test('adds two numbers', () => assert.equal(sum(2, 3), 5));",
  "test('zero changes nothing', () => assert.equal(sum(4, 0), 4));",
  '',
].join('\n');
const report = '# Test report: demo\n\n## Build verification\n`npm test`: 2 tests, 2 pass, 0 fail.\n\n## Result\nPASS\n';

/** Node one-liners run inside the sandbox; each prints what it found. */
const tryRead = (path: string) => `try { require('fs').readFileSync(${JSON.stringify(path)}, 'utf8'); console.log('read'); } catch (e) { console.log(e.code); process.exit(3); }`;
const tryWrite = (path: string) => `try { require('fs').writeFileSync(${JSON.stringify(path)}, 'x'); console.log('written'); } catch (e) { console.log(e.code); process.exit(3); }`;

const turn = (...content: unknown[]): ScriptedTurn => ({ content, stopReason: 'tool_use' });
const done = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }], stopReason: 'end_turn' });

const scripts = (swarmHome: string): Record<string, ScriptedTurn[]> => ({
  // The builder, in its workspace (the product folder): write the product, test, fix, test again.
  build: [
    turn(
      toolUse('b1', 'write_file', { path: 'package.json', content: packageJson }),
      toolUse('b2', 'write_file', { path: 'src/sum.js', content: buggySum }),
      toolUse('b3', 'write_file', { path: 'test/sum.test.js', content: sumTest }),
    ),
    turn(toolUse('b4', 'run_command', { program: 'npm', args: ['test'] })),
    turn(toolUse('b5', 'write_file', { path: 'src/sum.js', content: fixedSum })),
    turn(toolUse('b6', 'run_command', { program: 'npm', args: ['test'] })),
    done('Built demo: 2 tests, all passing.'),
  ],
  // The tester, whose workspace is its run folder: the product and the spec by their $SWARM_HOME paths.
  'test-run': [
    turn(
      toolUse('t1', 'read_file', { path: '$SWARM_HOME/specs/demo.md' }),
      toolUse('t2', 'run_command', { program: node, args: ['--test'], cwd: '$SWARM_HOME/projects/demo' }),
    ),
    turn(
      toolUse('t3', 'run_command', { program: node, args: ['-e', tryRead(join(swarmHome, 'swarm.db'))] }),
      toolUse('t4', 'run_command', { program: node, args: ['-e', tryRead(join(swarmHome, 'specs', 'demo.md'))] }),
      toolUse('t5', 'run_command', { program: node, args: ['-e', tryWrite(join(swarmHome, 'specs', 'planted.md'))] }),
      toolUse('t6', 'run_command', { program: node, args: ['-e', tryWrite(join(swarmHome, 'projects', 'demo', 'probe.txt'))] }),
      toolUse('t7', 'write_file', { path: '$SWARM_HOME/specs/planted.md', content: 'x' }),
      toolUse('t8', 'run_command', { program: node, args: ['-e', 'console.log(JSON.stringify({ env: Object.keys(process.env).sort(), pids: require("fs").readdirSync("/proc").filter((p) => /^\\d+$/.test(p)).length }))'] }),
    ),
    turn(toolUse('t9', 'write_file', { path: `${swarmHome}/projects/demo/TEST_REPORT.md`, content: report })),
    done('Tested demo: PASS.'),
  ],
  // Limits: a command past the time limit (with a child holding its output open), a flood of output, bad input.
  limits: [
    turn(
      toolUse(
        'l1',
        'run_command',
        { program: node, args: ['-e', "require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'inherit' }); console.log('started'); setTimeout(() => {}, 60000)"] },
      ),
    ),
    turn(toolUse('l2', 'run_command', { program: node, args: ['-e', "process.stdout.write('x'.repeat(200000)); process.stderr.write('e'.repeat(10))"] })),
    turn(
      toolUse('l3', 'run_command', { program: node, args: ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', '$(touch pwned)', '"quoted" *.js; echo hi'] }),
      toolUse('l4', 'run_command', { program: 'no-such-program', args: [] }),
      toolUse('l5', 'run_command', { program: node, args: ['-v'], cwd: '../..' }),
      toolUse('l6', 'run_command', { program: node, args: ['-v'], cwd: '/etc' }),
    ),
    done('Limits seen.'),
  ],
});

interface Ctx {
  api: FakeMessagesApi;
  root: string;
  swarmHome: string;
}
const test = suite<Ctx>('the anthropic driver builds and tests a product with run_command, in the bubblewrap sandbox');

test.before(async (ctx) => {
  const probe = probeBubblewrap();
  if (!probe.ok) throw new Error(`these tests need bubblewrap: ${probe.reason}`);
  ctx.root = mkdtempSync(join(tmpdir(), 'swarmlog-command-tool-'));
  ctx.swarmHome = join(ctx.root, 'swarm-home');
  mkdirSync(join(ctx.swarmHome, 'specs'), { recursive: true });
  mkdirSync(join(ctx.swarmHome, 'projects', 'demo'), { recursive: true });
  writeFileSync(join(ctx.swarmHome, 'specs', 'demo.md'), '# demo\nA sum function, tested.\n');
  writeFileSync(join(ctx.swarmHome, 'swarm.db'), 'the log: never visible to a run');
  writeFileSync(join(ctx.root, 'agent.sock'), ''); // stands in for the agent endpoint's socket
  ctx.api = await startFakeMessagesApi({ scripts: scripts(ctx.swarmHome) });
});
test.after(async ({ api, root }) => {
  await api.close();
  rmSync(root, { recursive: true, force: true });
});

/** One run of `role` in the real bubblewrap sandbox, its mounts the role's folders as the dispatcher gives them. */
const sandboxedRun = (ctx: Ctx, role: 'builder' | 'tester', runId: string, prompt: string, workspace?: string) => {
  const runFolder = join(ctx.swarmHome, 'runs', runId);
  // As the dispatcher gives them for a task on the product "demo": of the product folders, only that one.
  const folders = foldersForTask(roleFolders[role], 'projects/demo');
  const sandbox = bubblewrapSandboxFactory({
    command: 'bwrap',
    installationRoot: findRepoRoot(),
    swarmHome: ctx.swarmHome,
    endpointSocket: join(ctx.root, 'agent.sock'),
    readOnlyPaths: [],
    hiddenFiles: [join(ctx.swarmHome, 'swarm.db')],
  })({
    runFolder,
    home: join(runFolder, 'home'),
    writable: folders.writable.map((f) => join(ctx.swarmHome, f)),
    readOnly: folders.readOnly.map((f) => join(ctx.swarmHome, f)),
    homeFiles: {},
  });
  const events: DriverEvent[] = [];
  const request: RunRequest = {
    runId,
    agent: role,
    role,
    model: 'claude-opus-4-1',
    prompt,
    workspace: workspace ?? runFolder,
    env: {
      PATH: `${dirname(node)}:/usr/bin:/bin`,
      HOME: join(runFolder, 'home'),
      SWARM_HOME: ctx.swarmHome,
      SWARM_AGENT: role,
      SWARM_RUN_ID: runId,
      ANTHROPIC_API_KEY: `sk-${role}-key`,
      ANTHROPIC_BASE_URL: ctx.api.baseUrl,
    },
    logPath: join(runFolder, 'output.log'),
    signal: new AbortController().signal,
    sandbox,
    folders: { writable: folders.writable.map((f) => join(ctx.swarmHome, f)), readOnly: folders.readOnly.map((f) => join(ctx.swarmHome, f)) },
  };
  return { request, events, onEvent: (e: DriverEvent) => events.push(e) };
};

interface ToolResultBlock {
  type: string;
  tool_use_id: string;
  content: string;
  is_error?: boolean;
}
/** Every tool result the driver sent back, by tool_use id. */
const toolResults = (api: FakeMessagesApi): Map<string, ToolResultBlock> => {
  const byId = new Map<string, ToolResultBlock>();
  for (const { body } of api.requests) {
    for (const message of body.messages) {
      if (message.role !== 'user' || !Array.isArray(message.content)) continue;
      for (const block of message.content as ToolResultBlock[]) if (block.type === 'tool_result') byId.set(block.tool_use_id, block);
    }
  }
  return byId;
};
const result = (api: FakeMessagesApi, id: string): ToolResultBlock => {
  const found = toolResults(api).get(id);
  if (!found) throw new Error(`no tool result for ${id}`);
  return found;
};

test('a builder run writes the product, runs its tests with npm test, sees a failure as a non-zero exit, fixes it', async (ctx) => {
  const product = join(ctx.swarmHome, 'projects', 'demo');
  const run = sandboxedRun(ctx, 'builder', 'run-build', 'scenario:build Build the product "demo" from its spec.', product);
  const outcome = await createAnthropicDriver().run(run.request, run.onEvent);
  assert.is(outcome.outcome, 'completed', outcome.reason);
  assert.equal(
    run.events.filter((e) => e.kind === 'tool').map((e) => (e.kind === 'tool' ? `${e.name} ${e.summary}` : '')),
    ['write_file package.json', 'write_file src/sum.js', 'write_file test/sum.test.js', 'run_command npm test', 'write_file src/sum.js', 'run_command npm test'],
  );

  const failing = result(ctx.api, 'b4');
  assert.ok(failing.is_error, failing.content);
  assert.match(failing.content, /^exit code 1\n/);
  assert.match(failing.content, /not ok \d+ - adds two numbers/);
  assert.match(failing.content, /# pass 1\n/);
  assert.match(failing.content, /# fail 1\n/);

  const passing = result(ctx.api, 'b6');
  assert.not.ok(passing.is_error, passing.content);
  assert.match(passing.content, /^exit code 0\n/);
  assert.match(passing.content, /> demo@1\.0\.0 test\n> node --test/);
  assert.match(passing.content, /ok 1 - adds two numbers/);
  assert.match(passing.content, /# pass 2\n/);
  assert.match(passing.content, /# fail 0\n/);
  assert.is(readFileSync(join(product, 'src', 'sum.js'), 'utf8'), fixedSum);
});

test('a tester run tests the product by its $SWARM_HOME path and writes TEST_REPORT.md; the sandbox shows only its folders', async (ctx) => {
  const run = sandboxedRun(ctx, 'tester', 'run-test', 'scenario:test-run Test the product "demo".');
  const outcome = await createAnthropicDriver().run(run.request, run.onEvent);
  assert.is(outcome.outcome, 'completed', outcome.reason);

  assert.is(result(ctx.api, 't1').content, '# demo\nA sum function, tested.\n');
  const tests = result(ctx.api, 't2');
  assert.not.ok(tests.is_error, tests.content);
  assert.match(tests.content, /# tests 2\n/);
  assert.match(tests.content, /# pass 2\n/);

  // Outside the role's folders nothing is there; the spec can be read and not written; the product can be written.
  assert.match(result(ctx.api, 't3').content, /^exit code 3\nstdout:\nENOENT/);
  assert.match(result(ctx.api, 't4').content, /^exit code 0\nstdout:\nread/);
  assert.match(result(ctx.api, 't5').content, /^exit code 3\nstdout:\nEROFS/);
  assert.not.ok(existsSync(join(ctx.swarmHome, 'specs', 'planted.md')));
  assert.match(result(ctx.api, 't6').content, /^exit code 0\nstdout:\nwritten/);
  assert.ok(existsSync(join(ctx.swarmHome, 'projects', 'demo', 'probe.txt')));
  const refused = result(ctx.api, 't7');
  assert.ok(refused.is_error);
  assert.match(refused.content, /path: "\$SWARM_HOME\/specs\/planted\.md" is in a folder this role may only read/);

  // The command gets the run's environment less the model's API key, in a PID namespace of its own.
  const seen = JSON.parse(result(ctx.api, 't8').content.split('stdout:\n')[1]!) as { env: string[]; pids: number };
  assert.not.ok(seen.env.includes('ANTHROPIC_API_KEY'), seen.env.join(' '));
  assert.ok(seen.env.includes('SWARM_HOME'));
  assert.ok(seen.pids <= 3, `${seen.pids} processes visible`);

  assert.not.ok(result(ctx.api, 't9').is_error);
  assert.is(readFileSync(join(ctx.swarmHome, 'projects', 'demo', 'TEST_REPORT.md'), 'utf8'), report);
});

test('a command past its time limit is stopped with what it left running; output is cut; arguments arrive verbatim', async (ctx) => {
  const run = sandboxedRun(ctx, 'tester', 'run-limits', 'scenario:limits');
  const started = Date.now();
  const outcome = await createAnthropicDriver({ commandTimeoutMs: 1_500 }).run(run.request, run.onEvent);
  assert.is(outcome.outcome, 'completed', outcome.reason);
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);

  const slow = result(ctx.api, 'l1');
  assert.ok(slow.is_error);
  assert.match(slow.content, /^exit code none \(timed out after 1\.5 s: stopped\)\nstdout:\nstarted/);

  const flood = result(ctx.api, 'l2');
  assert.not.ok(flood.is_error);
  assert.is(flood.content, `exit code 0\nstdout:\n${'x'.repeat(50_000)}\n[… 150000 more characters cut]\nstderr:\neeeeeeeeee`);

  const verbatim = result(ctx.api, 'l3');
  assert.equal(JSON.parse(verbatim.content.split('stdout:\n')[1]!), ['$(touch pwned)', '"quoted" *.js; echo hi']);
  assert.not.ok(existsSync(join(run.request.workspace, 'pwned')));

  const missing = result(ctx.api, 'l4');
  assert.ok(missing.is_error);
  assert.match(missing.content, /^exit code 1\nstderr:\nbwrap: execvp no-such-program: No such file or directory/);
  assert.match(result(ctx.api, 'l5').content, /cwd: "\.\.\/\.\." uses "\.\."/);
  assert.match(result(ctx.api, 'l6').content, /cwd: "\/etc" is outside the workspace/);
});

test.run();
