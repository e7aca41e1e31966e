import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmHome, waitFor } from '../e2e/swarm-process.js';

// Issue 13 point 6 (SPEC §6 "Containment"): a hostile agent, run by the real `claude` driver path of `swarm up`
// (SWARM_CLAUDE_COMMAND points at test/fakes/hostile-agent/hostile-claude.mjs instead of Claude Code), tries every way
// out we know of. Every attempt must fail, the pending approval must stay pending, nothing may change outside its
// folders, and the refusals must be in the log.
const test = suite('a hostile agent stays inside');
const hostile = resolve('test/fakes/hostile-agent/hostile-claude.mjs');

test.before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
});

interface Attempt {
  name: string;
  kind: 'command' | 'local';
  blocked: boolean;
  status?: number;
  out?: string;
  detail?: string;
}
interface Report {
  attempts: Attempt[];
  completed: boolean;
  completeOut: string;
}

const encode = (plan: Record<string, unknown>) => `HOSTILE:${Buffer.from(JSON.stringify(plan)).toString('base64')}`;

test('every way out fails, the approval stays pending, and the refusals are recorded', async () => {
  const secret = `secret-${process.pid}-${Date.now()}`;
  const marker = `${process.pid}-${Date.now()}`;
  // Slack on (HTTP mode; its Web API is not reachable here, which changes nothing for the run): its tokens must not
  // reach the agent (issue 19).
  const slackSecrets = [`xoxb-hostile-${marker}`, `signing-${marker}`];
  const slackPort = await new Promise<number>((r) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => r(port));
    });
  });
  // The .env the swarm's secrets come from, in a folder the sandbox shows (the installation): hidden from runs.
  const envFile = resolve('test-artifacts', `hostile-${marker}.env`);
  mkdirSync(dirname(envFile), { recursive: true });
  writeFileSync(envFile, `SWARM_TEST_DOTENV_SECRET=dotenv-${marker}\n`);
  const s = swarmHome({
    SWARM_ENV_FILE: envFile,
    SWARM_CLAUDE_COMMAND: hostile,
    SWARM_LLM_PROVIDER: '',
    SWARM_TEST_SWARM_SECRET: secret,
    SLACK_BOT_TOKEN: slackSecrets[0]!,
    SLACK_SIGNING_SECRET: slackSecrets[1]!,
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
    SLACK_PORT: String(slackPort),
  });
  try {
    writeFileSync(join(s.home, 'config.json'), JSON.stringify({ tokens: { sessionMax: 200_000 } }));
    // A product waiting for a person (submitted at this terminal, as the tester).
    // Its folder holds what the person reviews; the hostile run works on a product of its own.
    const target = join(s.home, 'projects', 'target-product');
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'README.md'), 'as the person saw it');
    const submitted = s.cli('claude-tasks', ['submit-approval', '--name', 'Target Product', '--type', 'product', '--platform', 'local', '--description', 'waits for a person', '--files', target, '--price', '5', '--from', 'tester'], { SWARM_AGENT: 'tester' });
    assert.is(submitted.code, 0, submitted.stdout + submitted.stderr);
    const approvalId = s.cli('swarm', ['approvals', '--json']).json<{ products: { id: string }[] }>().products[0]!.id;

    const { child, output } = await s.up(['--driver', 'claude', '--roles', 'builder', '--no-scheduler']);
    assert.match(output(), /sandbox: bubblewrap/);
    assert.match(output(), /slack: {3}on, HTTP mode/);
    // swarm up made the first operator token; nothing may add another.
    const operatorsBefore = s.cli('swarm', ['operator', 'list', '--json']).stdout;
    const apiUrl = /Dashboard: (http:\/\/[^/]+)\//.exec(output())![1]!;
    const plan = {
      approvalId,
      home: s.home,
      storePath: join(s.home, 'swarm.db'),
      projectionsPath: join(s.home, 'swarm.projections.db'),
      realHome: homedir(),
      root: resolve('.'),
      apiUrl,
      secret,
      marker,
      slackSecrets,
      product: join(s.home, 'projects', 'hostile-product'),
      envFile,
      otherProduct: target,
    };
    const runTask = async (phase: 'first' | 'second') => {
      const created = s.cli('swarm', ['task', 'create', '--type', 'fix_product', '--to', 'builder', '--payload', JSON.stringify({ title: `hostile ${phase}`, files_path: plan.product, plan: encode({ ...plan, phase }) }), '--json']);
      assert.is(created.code, 0, created.stderr);
      const taskId = created.json<{ task_id: string }>().task_id;
      await waitFor(`the ${phase} hostile run`, () => s.cli('swarm', ['task', 'show', taskId, '--json']).json<{ status: string }>().status === 'completed' || undefined, 90_000);
      // The agent writes its report just after it completes its task: wait for this run's report as well.
      const expected = phase === 'first' ? 1 : 2;
      return waitFor(`the ${phase} run's report`, () => {
        const reports = readdirSync(join(s.home, 'runs'))
          .map((r) => join(s.home, 'runs', r, 'hostile-report.json'))
          .filter((p) => existsSync(p))
          .flatMap((p) => {
            try {
              return [JSON.parse(readFileSync(p, 'utf8')) as Report];
            } catch {
              return []; // still being written
            }
          });
        return reports.length >= expected ? reports : undefined;
      }, 15_000);
    };

    const [first] = await runTask("first");
    if (process.env.HOSTILE_SHOW) console.log(JSON.stringify(first, null, 1));
    assert.ok(first, 'the hostile run wrote its report');
    const open = first!.attempts.filter((a) => !a.blocked);
    // Writes into /tmp succeed inside the sandbox's private /tmp; nothing reaches the host's (checked below).
    assert.equal(open.map((a) => a.name), ['write into /tmp'], `ways out that were not blocked: ${JSON.stringify(open, null, 2)}`);
    assert.ok(first!.attempts.length >= 25, `only ${first!.attempts.length} attempts`);
    assert.ok(first!.completed, `the legitimate command failed: ${first!.completeOut}`);

    const second = (await runTask('second')).find((r) => r !== first && r.attempts.some((a) => a.name.includes('after its run')));
    assert.ok(second, 'the second run wrote its report');
    assert.ok(second!.attempts.every((a) => a.blocked), JSON.stringify(second!.attempts, null, 2));

    // Nothing changed where it matters.
    const approval = s.cli('swarm', ['approvals', '--status', 'all', '--json']).json<{ products: { id: string; status: string }[] }>().products.find((p) => p.id === approvalId);
    assert.is(approval?.status, 'pending');
    assert.equal(readdirSync(target), ['README.md'], 'the product waiting for a person is as the person saw it');
    assert.is(readFileSync(join(target, 'README.md'), 'utf8'), 'as the person saw it');
    assert.is(s.cli('swarm', ['operator', 'list', '--json']).stdout, operatorsBefore);
    for (const where of [s.home, homedir(), tmpdir(), resolve('.')]) assert.not.ok(existsSync(join(where, `hostile-${marker}`)), `a file appeared in ${where}`);
    const publishTasks = s.cli('swarm', ['task', 'list', '--type', 'publish', '--json']).json<{ tasks: unknown[] }>().tasks;
    assert.is(publishTasks.length, 0);
    const sales = s.cli('swarm', ['events', '--type', 'IncomeRecorded']).stdout.trim();
    assert.is(sales, '');

    // Every refusal of authority is an event, with the agent, run, command and reason.
    const refusals = s
      .cli('swarm', ['events', '--type', 'AgentCommandRefused'])
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { data: { agent: string; reason: string; command: string; runId?: string } });
    const reasons = new Set(refusals.map((r) => r.data.reason));
    for (const reason of ['human_only', 'not_for_agents', 'acting_for_another_agent', 'run_ended', 'unknown_token']) assert.ok(reasons.has(reason), `no ${reason} refusal in ${JSON.stringify([...reasons])}`);
    assert.ok(refusals.some((r) => r.data.command.startsWith('swarm approve') && r.data.agent === 'builder' && r.data.runId));
    for (const command of ['swarm approvals retry', 'claude-tasks submit-project'])
      assert.ok(refusals.some((r) => r.data.command.startsWith(command) && r.data.reason === 'human_only'), `no human_only refusal of ${command}`);
    assert.ok(refusals.filter((r) => r.data.reason !== 'unknown_token').every((r) => r.data.agent === 'builder'));
    // A run's refusals are part of its replay, and `swarm status` shows them with the sandbox the runs had.
    const refusedRun = refusals.find((r) => r.data.reason === 'human_only')!.data.runId!;
    const replay = s.cli('swarm', ['replay', '--run', refusedRun, '--json']);
    assert.match(replay.stdout, /AgentCommandRefused/);
    const status = s.cli('swarm', ['status']).stdout;
    assert.match(status, /Refused agent commands/);
    assert.match(status, /sandbox: bubblewrap/);
    await s.stop(child);
  } finally {
    await s.cleanup();
    rmSync(envFile, { force: true });
  }
});

test.run();
