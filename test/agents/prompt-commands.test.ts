import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildRunPrompt } from '../../agents/prompt-builder.js';
import { agentNames, type AgentName } from '../../domain/agent/roles.js';
import { isRight } from 'fp-ts/lib/Either.js';
import { cancelTask } from '../../processes/commands/task-commands.js';
import { createTestRuntime, human, type TestRuntime } from '../fixtures/test-runtime.js';
import { startTestContainment, type TestContainment } from '../fixtures/containment.js';
import { extractCommandBlocks, placeholdersOf, shellWords, singleQuotedParts, type CommandBlock } from './fenced-commands.js';
import { approvedApproval, approvedProposal, claimedTaskFor, openProposal, submittedProject, unreadMessageFor, uniqueWord } from './prompt-fixtures.js';

/**
 * Every command a prompt tells an agent to run (each line of every ```bash block in prompts/*.md) runs through the
 * real built bins as that agent — inside a run's bubblewrap sandbox, with a run token, through the agent endpoint, as
 * an agent runs them — on a log prepared so the command makes sense (a task the agent holds, a submitted
 * project, an approved product, open and approved proposals, unread mail), and must succeed. So no prompt can
 * name CLI syntax that does not exist (W-37), and a CLI change that breaks a prompt fails here.
 *
 * Conventions the prompts follow (stated in shared-behaviours.md): `<…>` is a placeholder; placeholders with the
 * same name in one block are the same value, and each block is a sequence that works as written; `# as <role>` in a
 * block of a shared text says which role runs it (otherwise the prompt's own role; Critic for shared behaviours).
 */
const test = suite('prompt commands');

const promptsDir = 'prompts';
const files = readdirSync(promptsDir).filter((f) => f.endsWith('.md')).sort();
const blocks = files.flatMap((f) => extractCommandBlocks(readFileSync(join(promptsDir, f), 'utf8'), f));

const roleOfFile = (file: string): AgentName | undefined => agentNames.find((r) => `${r}.md` === file);
const actingAgent = (b: CommandBlock): AgentName => (b.actAs as AgentName | undefined) ?? roleOfFile(b.file) ?? 'critic';

test.before(() => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
});

test('every role prompt and every shared text shows commands to run', () => {
  for (const f of [...agentNames.map((r) => `${r}.md`), 'shared-behaviours.md', 'quality-gate.md', 'test-fix-loop.md'])
    assert.ok(blocks.some((b) => b.file === f && b.commands.length > 0), `${f} has no command block`);
});

test('bash blocks hold only swarm commands (an agent on the API driver has no shell)', () => {
  for (const b of blocks) assert.equal(b.foreign, [], `${b.file} block ${b.block} has lines that are not swarm commands`);
});

test('a `# as <role>` names one of the ten roles', () => {
  for (const b of blocks) if (b.actAs) assert.ok((agentNames as string[]).includes(b.actAs), `${b.file} block ${b.block}: # as ${b.actAs}`);
});

test('no command relies on a shell expanding $VAR inside single quotes, and none ends in an ellipsis', () => {
  for (const b of blocks)
    for (const c of b.commands) {
      for (const part of singleQuotedParts(c)) assert.not.match(part, /\$[A-Za-z_{]/, `${b.file}: single-quoted $ in ${c}`);
      assert.not.match(c, /…|\.\.\./, `${b.file}: ellipsis in ${c}`);
    }
});

/** What a block's placeholders stand for, prepared on the log before the block runs. */
const resolver = (rt: TestRuntime, b: CommandBlock, me: AgentName, preset: Map<string, string>) => {
  const text = b.commands.join('\n');
  const slug = preset.get('slug') ?? uniqueWord('product');
  const fixed: Record<string, () => string | Promise<string>> = {
    me: () => me,
    agent: () => (me === 'builder' ? 'critic' : 'builder'),
    slug: () => slug,
    product: () => slug,
    price: () => '9.99',
    json: () => '{"summary":"done"}',
    tags: () => 'prompt-test,sample',
    'proposal-type': () => 'new_skill',
    'product folder': () => `${rt.dir}/projects/${slug}`,
    'download folder': () => `${rt.dir}/downloads/${slug}`,
    'spec path': () => `${rt.dir}/specs/${slug}.md`,
    'message-id': () => unreadMessageFor(rt, me),
    'project-id': () => submittedProject(rt),
    'approval-id': () => approvedApproval(rt),
    // Meta implements approved proposals; everyone else votes on open ones.
    'proposal-id': () => (/implemented|--approved/.test(text) ? approvedProposal(rt) : openProposal(rt, me)),
  };
  return async (name: string): Promise<string> => {
    const known = preset.get(name);
    if (known !== undefined) return known;
    const make = fixed[name];
    let value: string;
    if (make) value = await make();
    else if (name.includes('|')) value = name.split('|')[0]!.trim(); // <for|against>, <Small|Medium|Large>
    else if (/^(N|\d+-\d+)$/.test(name) || /rating|score|number|count/.test(name)) value = '7';
    else value = uniqueWord('text');
    preset.set(name, value);
    return value;
  };
};

interface PreparedBlock {
  readonly me: AgentName;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The block's commands with every placeholder replaced (still shell text). */
  readonly lines: readonly string[];
}

/** The test's environment without any SWARM_* setting of the machine running it (each run sets its own). */
const baseEnv = (): Record<string, string | undefined> => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SWARM_')));

/** Prepares the log for a block (the task the agent holds, the ids its placeholders name) and fills the placeholders in. */
const prepareBlock = async (rt: TestRuntime, b: CommandBlock, presets: Readonly<Record<string, string>> = {}): Promise<PreparedBlock> => {
  const me = actingAgent(b);
  const values = new Map<string, string>(Object.entries(presets));
  const env: Record<string, string | undefined> = { ...baseEnv(), SWARM_HOME: rt.dir, SWARM_AGENT: me };
  if (b.commands.some((c) => /\$\{?SWARM_TASK_ID\b/.test(c))) {
    const task = await claimedTaskFor(rt, me);
    Object.assign(env, { SWARM_TASK_ID: task.taskId, SWARM_CLAIM_GENERATION: String(task.generation) });
    if (task.approvalId) values.set('approval-id', task.approvalId);
    if (task.product) values.set('slug', task.product);
  }
  const resolve = resolver(rt, b, me, values);
  const lines: string[] = [];
  for (const command of b.commands) {
    let line = command;
    for (const name of placeholdersOf(command)) line = line.split(`<${name}>`).join(await resolve(name));
    lines.push(line);
  }
  return { me, env, lines };
};

/** One agent endpoint and sandbox per test log, as `swarm up` has one. */
const containments = new Map<TestRuntime, Promise<TestContainment>>();
const containmentOf = (rt: TestRuntime) => {
  let c = containments.get(rt);
  if (!c) containments.set(rt, (c = startTestContainment(rt, rt.dir)));
  return c;
};
const dispose = async (rt: TestRuntime) => {
  await (await containments.get(rt))?.close();
  containments.delete(rt);
  await rt.dispose();
};
let runs = 0;

/**
 * Runs one prepared command line through the built bin, without a shell, inside a sandboxed run of the acting agent
 * with its own token (bound to the task it holds, if any): the command reaches the swarm only through the agent
 * endpoint, exactly as from an agent's shell.
 */
const runLine = async (rt: TestRuntime, line: string, env: Readonly<Record<string, string | undefined>>) => {
  const [bin, ...args] = shellWords(line, env);
  const contained = await containmentOf(rt);
  const runId = `prompt-run-${++runs}`;
  const runFolder = join(rt.dir, 'runs', runId);
  const agent = env.SWARM_AGENT!;
  const taskId = env.SWARM_TASK_ID ?? 'no-task';
  const run = contained.forRun({ agent, runId, taskId, claimGeneration: Number(env.SWARM_CLAIM_GENERATION ?? 0), correlationId: taskId }, runFolder);
  const runEnv = Object.fromEntries(Object.entries({ ...env, ...run.env }).filter((e): e is [string, string] => e[1] !== undefined));
  const wrapped = run.sandbox.wrap({ command: process.execPath, args: [join(process.cwd(), 'cli', 'bin', bin!), ...args], cwd: runFolder, env: runEnv }, { network: false });
  // Not spawnSync: the agent endpoint answering the command lives in this process.
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(wrapped.command, [...wrapped.args], { cwd: wrapped.cwd, env: { ...wrapped.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
  contained.capabilities.revoke(runId);
  return { code: r.status, out: `${r.stderr}${r.stdout}`, shown: `${bin} ${JSON.stringify(args)}`, stdout: r.stdout };
};

const runBlock = async (rt: TestRuntime, b: CommandBlock): Promise<void> => {
  const { me, env, lines } = await prepareBlock(rt, b);
  for (const [i, line] of lines.entries()) {
    const r = await runLine(rt, line, env);
    assert.is(r.code, 0, `${b.file} block ${b.block}, as ${me}:\n  ${b.commands[i]}\nran: ${r.shown}\nexit ${r.code}\n${r.out}`);
  }
};

test('every prompt command runs through the real bins as the prompt\'s role and succeeds', async () => {
  let ran = 0;
  for (const file of files) {
    // One log per prompt file: a file's blocks share the swarm state the way one agent's runs would.
    const rt = createTestRuntime();
    try {
      for (const b of blocks.filter((x) => x.file === file)) {
        await runBlock(rt, b);
        ran += b.commands.length;
      }
    } finally {
      await dispose(rt);
    }
  }
  assert.ok(ran >= 50, `only ${ran} commands found`);
});

test('past the fix-round cap the tester\'s fix_product command is refused as the test/fix loop says (exit 1, "goes to a human")', async () => {
  const b = blocks.find((x) => x.file === 'test-fix-loop.md' && x.actAs === 'tester' && x.commands.some((c) => c.includes('--type fix_product')));
  assert.ok(b, 'test-fix-loop.md shows the tester creating a fix_product task');
  const rt = createTestRuntime();
  try {
    const product = uniqueWord('product');
    for (let round = 1; round <= 4; round++) {
      const { env, lines } = await prepareBlock(rt, b!, { product, slug: product });
      const r = await runLine(rt, lines[0]!, env);
      if (round <= 3) {
        assert.is(r.code, 0, r.out);
        // The builder's round ends (here: a human cancels it) before the next failure.
        const taskId = (JSON.parse(r.stdout) as { task_id: string }).task_id;
        assert.ok(isRight(await cancelTask(rt, human(), { taskId, reason: 'round over' })));
      } else {
        assert.is(r.code, 1, r.out);
        assert.match(r.out, /goes to a human/);
      }
    }
  } finally {
    await dispose(rt);
  }
});

test('the finishing commands the run prompt adds for the held task run too (complete with a result, or with an error)', async () => {
  const rt = createTestRuntime();
  try {
    for (const which of [0, 1]) {
      const task = await claimedTaskFor(rt, 'critic');
      const { text } = buildRunPrompt({ role: 'critic', task: { id: task.taskId, type: 'evaluate_idea', priority: 10, payload: {} }, unreadMail: [], memories: [], now: rt.now() });
      const finish = extractCommandBlocks(text, 'run prompt').find((b) => b.commands.some((c) => c.includes(task.taskId)));
      assert.ok(finish, 'the run prompt shows how to finish the task');
      const line = finish!.commands[which]!.replace('<json>', '{"decision":"REJECTED","reason":"test"}').replace('<reason>', 'cannot be done');
      const r = await runLine(rt, line, { ...baseEnv(), SWARM_HOME: rt.dir, SWARM_AGENT: 'critic', SWARM_TASK_ID: task.taskId, SWARM_CLAIM_GENERATION: String(task.generation) });
      assert.is(r.code, 0, `${line}\n${r.out}`);
      assert.is(JSON.parse(r.stdout).status, which === 0 ? 'completed' : 'failed');
    }
  } finally {
    await dispose(rt);
  }
});

test.run();
