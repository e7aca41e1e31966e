// Issue 14 point 2: the pipeline of `swarm up` with real agent harnesses — the Critic and the Builder are the real
// Claude Code, the Tester the real Codex (the pinned versions, scripts/agent-clis.mjs), each in its bubblewrap
// sandbox, talking only to the scripted model server. The scripted model has each of them run the role's work as a
// shell command: the simulated agent's program for that role (dist/agents/sim/sim-agent.js), which does the job
// through the real swarm CLI and the agent endpoint. So the chain, the log, the replay and the ledger are those of
// the `sim` pipeline (test/e2e/pipeline.test.ts), with the runs made by the real harnesses.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmHome, waitFor } from './swarm-process.js';
import { realCliBins } from '../drivers/real-cli-run.js';
import { startScriptedModelServer } from '../fakes/model-server/scripted-model-server.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

type Task = { id: string; type: string; status: string; payload: Record<string, unknown>; assigned_to: string | null; result: unknown };

test('scan → real Claude Code critic → spec → approve → real Claude Code builder → review → real Codex tester → approve → publish → ledger → replay', async () => {
  const bins = realCliBins();
  const simAgent = join(process.cwd(), 'dist', 'agents', 'sim', 'sim-agent.js');
  const model = await startScriptedModelServer(
    {},
    {
      defaultScript: [
        { kind: 'shell', command: `node ${simAgent}`, description: "Do the role's work", usage: { input: 3000, output: 200 } },
        { kind: 'answer', text: 'Done: the work is recorded in the swarm.', usage: { input: 3500, output: 40 } },
      ],
    },
  );
  const s = swarmHome({
    ANTHROPIC_BASE_URL: model.url,
    ANTHROPIC_API_KEY: 'sk-ant-scripted',
    OPENAI_API_KEY: 'sk-scripted',
    SWARM_CLAUDE_COMMAND: bins.claude,
    SWARM_CODEX_COMMAND: bins.codex,
  });
  try {
    const codexConfig = join(s.home, 'codex-config.toml');
    writeFileSync(
      codexConfig,
      ['model_provider = "scripted"', '[model_providers.scripted]', 'name = "scripted model"', `base_url = "${model.url}/v1"`, 'env_key = "OPENAI_API_KEY"', 'wire_api = "responses"', ''].join('\n'),
    );
    writeFileSync(
      join(s.home, 'config.json'),
      JSON.stringify({
        agents: {
          critic: { provider: 'claude', model: 'claude-sonnet-4-6' },
          builder: { provider: 'claude', model: 'claude-sonnet-4-6' },
          tester: { provider: 'codex', model: 'gpt-5-codex' },
        },
        sandbox: { homeFiles: { '.codex/config.toml': codexConfig } },
      }),
    );
    const up = await s.up(['--no-scheduler']);
    const tasks = () => s.cli('swarm', ['task', 'list', '--limit', '200', '--json']).json<{ tasks: Task[] }>().tasks;

    const scan = s.cli('swarm', ['task', 'create', '--type', 'scan_platform', '--to', 'hunter', '--payload', '{"platform":"itch"}', '--json']).json<{ task_id: string }>();
    const project = await waitFor(
      'a project proposal',
      () => s.cli('swarm', ['projects', '--json']).json<{ projects: { id: string; status: string }[] }>().projects.find((p) => p.status === 'pending'),
      120_000,
    );
    await waitFor('both ideas evaluated by the real Claude Code critic', () => {
      const done = tasks().filter((t) => t.type === 'evaluate_idea' && t.status === 'completed');
      return done.length === 2 ? done : undefined;
    }, 120_000);

    assert.is(s.cli('swarm', ['approve', project.id, '--note', 'go']).code, 0);
    const approval = await waitFor(
      'a product approval request',
      () => s.cli('swarm', ['approvals', '--json']).json<{ products: { id: string; productName: string; status: string }[] }>().products.find((p) => p.status === 'pending'),
      240_000,
    );
    const built = tasks();
    assert.is(built.filter((t) => t.type === 'build_product' && t.status === 'completed').length, 1);
    assert.equal(built.filter((t) => t.type === 'test_product' && t.status === 'completed').map((t) => (t.result as { result?: string }).result).sort(), ['FAIL', 'PASS']);

    assert.is(s.cli('swarm', ['approve', approval.id, '--note', 'ship it']).code, 0);
    await waitFor(
      'the approval marked published',
      () => s.cli('swarm', ['approvals', '--status', 'all', '--json']).json<{ products: { id: string; status: string }[] }>().products.find((p) => p.id === approval.id && p.status === 'published'),
      120_000,
    );
    const downloads = readdirSync(join(s.home, 'downloads'));
    assert.is(downloads.length, 1);
    assert.ok(existsSync(join(s.home, 'downloads', downloads[0]!, 'TEST_REPORT.md')));

    // The runs of the critic, builder and tester were the real harnesses, priced as such; the model saw each of them.
    const events = s.cli('swarm', ['events', '--type', 'RunStarted']);
    assert.is(events.code, 0, events.stderr);
    const started = events.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { data: { agent: string; driver: string; model: string; logPath: string } });
    const driverOf = (agent: string) => new Set(started.filter((e) => e.data.agent === agent).map((e) => e.data.driver));
    assert.equal([...driverOf('critic')], ['claude']);
    assert.equal([...driverOf('builder')], ['claude']);
    assert.equal([...driverOf('tester')], ['codex']);
    // Their run logs are the harnesses' own streams: Claude Code's Bash tool and Codex's command, running the role's work.
    const logOf = (agent: string) => readFileSync(started.find((e) => e.data.agent === agent)!.data.logPath, 'utf8');
    assert.match(logOf('critic'), /"name":"Bash","input":\{"command":"node [^"]*sim-agent\.js"/);
    const builderResults = logOf('builder').split('\n').filter((l) => l.startsWith('{') && l.includes('"type":"result"')).map((l) => JSON.parse(l) as { is_error: boolean });
    assert.ok(builderResults.length > 0 && builderResults.every((r) => !r.is_error), "Claude Code's result: no error");
    assert.match(logOf('tester'), /"type":"command_execution"[^\n]*sim-agent\.js[^\n]*"exit_code":0/);
    assert.ok(model.requests.some((r) => r.url.startsWith('/v1/messages') && r.script === 'default'));
    assert.ok(model.requests.some((r) => r.url === '/v1/responses' && r.script === 'default'));

    // The ledger and the replay are those of the simulated pipeline.
    assert.is(s.cli('swarm', ['income', 'record', '--source', 'gumroad', '--product', approval.productName, '--amount', '9.99', '--currency', 'USD', '--external-id', 'sale_1']).code, 0);
    const audit = s.cli('swarm', ['ledger', '--audit']);
    assert.is(audit.code, 0, audit.stdout + audit.stderr);
    const replay = s.cli('swarm', ['replay', '--correlation', scan.task_id, '--json']);
    assert.is(replay.code, 0, replay.stderr);
    const types = replay.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type);
    for (const type of ['TaskCreated', 'RunStarted', 'ToolCalled', 'TokensUsed', 'ProjectSubmitted', 'ProjectApproved', 'ApprovalRequested', 'ApprovalGranted', 'ProductPublished'])
      assert.ok(types.includes(type), `the chain holds ${type}`);
    await s.stop(up.child);
  } finally {
    await s.cleanup();
    await model.close();
  }
});

test.run();
